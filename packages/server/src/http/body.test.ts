// JSON bodies over a real HTTP server: read from Node's request when it has a Content-Length,
// through the web Request otherwise (chunked), with the same answers and the same limit.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { createLogger } from './logger.js';
import { createTestDatabase } from '../testing/db.js';
import type { Database } from '../db/client.js';
import { cases } from '../db/schema.js';
import { DEMO_SITE_DIR } from '../testing/app.js';

const LIMIT = 4096;

describe('JSON request bodies over HTTP', () => {
  let database: Database;
  let server: RunningServer;
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AYUDA_SITE_DIR: DEMO_SITE_DIR, AYUDA_BODY_LIMIT: String(LIMIT), AYUDA_CASE_RATE_LIMIT: '100000', AYUDA_CASE_EMAIL_LIMIT: '100000' }, {});
    server = await startServer(config, { database, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  /** POSTs `chunks` to /api/v1/cases: with a Content-Length, or chunked when `chunked`. */
  const post = (chunks: Buffer[], chunked: boolean) =>
    new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const total = Buffer.concat(chunks);
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': `body-${++n}` };
      if (!chunked) headers['Content-Length'] = String(total.length);
      const req = httpRequest(`${server.url}/api/v1/cases`, { method: 'POST', headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
      });
      req.on('error', reject);
      // Several writes: a multi-byte character may be split between two of them.
      for (const c of chunks) req.write(c);
      req.end();
    });
  const caseJson = (subject: string, extra = '') => JSON.stringify({ name: 'Iñaki', email: 'inaki@example.com', subject, description: `El router parpadea en rojo desde esta mañana.${extra}`, locale: 'es' });
  const split = (b: Buffer, at: number) => [b.subarray(0, at), b.subarray(at)];

  for (const chunked of [false, true]) {
    const how = chunked ? 'chunked' : 'with a Content-Length';
    it(`accepts a case ${how}, multi-byte characters split between writes and a byte order mark included`, async () => {
      const subject = `Sin conexión ñandú ${how}`;
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(caseJson(subject))]);
      const at = bytes.indexOf(Buffer.from('ñ')) + 1;
      const res = await post(split(bytes, at), chunked);
      expect(res.status, res.body).toBe(201);
      const { reference } = JSON.parse(res.body) as { reference: string };
      const [row] = await database.db.select({ subject: cases.subject }).from(cases).where(eq(cases.reference, reference));
      expect(row?.subject).toBe(subject);
    });

    it(`answers 400 problem+json for malformed JSON ${how}`, async () => {
      const res = await post([Buffer.from('{"name": "Iñaki",')], chunked);
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
    });

    it(`answers 413 problem+json for a body over the limit ${how}, and stores nothing`, async () => {
      const subject = `Demasiado largo ${how}`;
      const res = await post([Buffer.from(caseJson(subject, 'x'.repeat(LIMIT)))], chunked);
      expect(res.status).toBe(413);
      expect(res.type).toContain('application/problem+json');
      expect(await database.db.select({ id: cases.id }).from(cases).where(eq(cases.subject, subject))).toEqual([]);
    });
  }
});
