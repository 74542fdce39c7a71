// @ayuda/client's case and fast-lane calls against the real server and the Stripe emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AyudaApiError, AyudaClient } from '@ayuda/client';
import { startFastlaneServer } from '../packages/server/src/testing/fastlane.js';

describe('AyudaClient: cases and the fast lane', () => {
  let t: Awaited<ReturnType<typeof startFastlaneServer>>;
  let client: AyudaClient;
  beforeAll(async () => {
    t = await startFastlaneServer('pglite');
    client = new AyudaClient({ baseUrl: t.server.url, retryDelayMs: 1 });
  });
  afterAll(() => t?.close());

  it('submits a case with a file, retries safely with its key, follows, replies and closes it', async () => {
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2])], 'router.png', { type: 'image/png' });
    const input = { name: 'Ana', email: 'ana.client@example.com', subject: 'Luz roja', description: 'El router tiene la luz roja.', locale: 'es' as const };
    const created = await client.submitCase(input, { files: [png], idempotencyKey: 'client-1' });
    const again = await client.submitCase(input, { files: [png], idempotencyKey: 'client-1' });
    expect(again.reference).toBe(created.reference);
    const view = await client.getCase(created.trackingToken);
    expect(view.messages[0]!.attachments[0]!.filename).toBe('router.png');
    expect((await client.replyToCase(created.trackingToken, 'Sigue igual.')).messages).toHaveLength(2);
    expect((await client.closeCase(created.trackingToken)).status).toBe('closed');
    expect(await client.resendCaseLinks('ana.client@example.com', 'es')).toEqual({ sent: true });
    const bad = await client.submitCase({ ...input, email: 'nope' }).catch((e: unknown) => e);
    expect((bad as AyudaApiError).fieldErrors['body.email']).toBeTruthy();
  });

  it('retries a case submission that met a network failure, without a second case', async () => {
    let calls = 0;
    const flaky = new AyudaClient({
      baseUrl: t.server.url,
      retryDelayMs: 1,
      fetch: async (input, init) => {
        calls++;
        const res = await fetch(input, init);
        // The first answer is lost on the way back: the case exists, the browser never heard.
        if (calls === 1) throw new TypeError('network lost');
        return res;
      },
    });
    const created = await flaky.submitCase({ name: 'Eva', email: 'eva.client@example.com', subject: 'Reintento', description: 'Probando un reintento.', locale: 'es' });
    expect(calls).toBe(2);
    const all = await (await t.staff('/cases?limit=200')).json();
    expect(all.cases.filter((c: { subject: string }) => c.subject === 'Reintento')).toHaveLength(1);
    expect(created.reference).toMatch(/^NF-/);
  });

  it('signs in with a captcha and a mailed code, reads the offer and starts a checkout', async () => {
    const email = 'fl.client@example.com';
    expect(await client.fastlaneLogin({ email, locale: 'en', captcha: await t.solveCaptcha() })).toMatchObject({ sent: true });
    const code = /\b(\d{6})\b/.exec((await t.lastMailTo(email))!.text)![1]!;
    const { token } = await client.fastlaneVerify({ email, code, locale: 'en' });
    const offer = await client.fastlaneOffer(token, 'en');
    expect(offer.name).toBe('Priority support');
    expect((await client.getArticle('en', 'priority-support', { session: token })).title).toBe('What priority support is');
    const c = await client.submitCase({ name: 'F', email, subject: 'Upgrade', description: 'Please upgrade me.', locale: 'en' });
    const checkout = await client.fastlaneCheckout(token, { plan: 'incident', locale: 'en', trackingToken: c.trackingToken });
    expect(checkout.url).toMatch(/\/checkout\/cs_/);
    await expect(client.fastlaneOffer('ayuda_cs_wrong', 'en')).rejects.toMatchObject({ status: 401 });
  });
});
