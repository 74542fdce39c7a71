// Starts the real Ayuda server on a free port with a test database, for end-to-end tests.
import { loadConfig } from '../../packages/server/src/config.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';
import { createTestDatabase, type DbKind } from '../../packages/server/src/testing/db.js';
import { DEMO_KB_DIR, DEMO_SITE_DIR } from '../../packages/server/src/testing/app.js';

export async function startTestServer(kind: DbKind = 'pglite', env: Record<string, string> = {}): Promise<RunningServer & { staffToken: string }> {
  const database = await createTestDatabase(kind);
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    AYUDA_KB_DIR: DEMO_KB_DIR,
    AYUDA_SITE_DIR: DEMO_SITE_DIR,
    AYUDA_COMPANY_NAME: 'Nubefibra',
    ...env,
  });
  const server = await startServer(config, { database });
  const { token } = await server.ayuda.staffTokens.create('e2e');
  return {
    ...server,
    staffToken: token,
    async close() {
      await server.close();
      await database.close();
    },
  };
}
