import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING } from './chromium.mjs';

const SCRIPT = fileURLToPath(new URL('./test.mjs', import.meta.url));

describe('npm test on a machine without Chromium', () => {
  it('runs nothing and says in one line how to get it', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    // Nothing ran: the type check, the build and vitest each announce themselves on stdout.
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${CHROMIUM_MISSING}\n`);
    expect(CHROMIUM_MISSING).toContain('apt-get install -y chromium');
  });
});
