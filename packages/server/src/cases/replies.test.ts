// Staff replies are markdown, shown to the customer as HTML that went through the portal's
// sanitiser, in the three places a customer reads them: the case through the API (the
// widget), the tracking page, and the reply's mail. Customer messages stay plain text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../testing/app.js';
import { testDatabases } from '../testing/db.js';
import { submitTestCase } from '../testing/staff-users.js';
import { mailOutbox } from '../db/schema.js';

/** Known XSS vectors, in markdown and raw HTML. */
const HOSTILE = [
  '<script>alert("s")</script>',
  '<img src=x onerror=alert("i")>',
  '[click](javascript:alert("j"))',
  '[click](JaVaScRiPt:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '<a href="javascript:alert(1)" onclick="alert(2)">raw link</a>',
  '<svg onload=alert(1)><circle r="10"/></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '<details open ontoggle=alert(1)>',
  '<form action="https://evil.example"><input autofocus onfocus=alert(1)></form>',
];
const REPLY = ['Hola Lucía:', 'Sigue [estos pasos](pagar-factura) o mira [la guía](/help/es/articles/escalar-averia).', '', ...HOSTILE.map((v) => `- ${v}`), '', '**Un saludo**'].join('\n');

/** Fails if any real tag could run script or leave the page. Escaped text is fine. */
function expectInert(html: string) {
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    expect(tag).not.toMatch(/^<\/?(script|svg|math|iframe|object|embed|form|input|button|details|body|base|meta|style|link|textarea)\b/i);
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
    expect(tag).not.toMatch(/(href|src|action|data|formaction)\s*=\s*["']?\s*(javascript|vbscript|data):/i);
  }
}

describe.each(testDatabases())('staff replies as customers read them, on %s', (kind) => {
  let t: TestApp;
  let staff: string;
  let c: { reference: string; trackingToken: string };

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { AYUDA_CASE_PREFIX: 'NF', AYUDA_CASE_RATE_LIMIT: '1000', AYUDA_CASE_EMAIL_LIMIT: '1000' } });
    await t.mail.stop();
    staff = (await t.staffTokens.create('Marta')).token;
    c = await submitTestCase(t, { email: 'replies@example.com' });
    await t.request(`/api/v1/cases/track/${c.trackingToken}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ body: 'Mi **router** <img src=x onerror=alert(1)> [x](javascript:alert(1))' }) });
    const res = await t.request(`/api/v1/staff/cases/${c.reference}/messages`, { method: 'POST', headers: { Authorization: `Bearer ${staff}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: REPLY }) });
    expect(res.status).toBe(201);
  });
  afterAll(() => t.dispose());

  // "[text](slug)" is the article of the case's language; "/path" is on the site. Both absolute, for mail and the widget.
  const ARTICLE = '<a href="http://help.test/help/es/articles/pagar-factura" rel="noopener noreferrer nofollow">estos pasos</a>';
  const ROOTED = '<a href="http://help.test/help/es/articles/escalar-averia" rel="noopener noreferrer nofollow">la guía</a>';

  it('gives the case through the API with the reply as sanitised HTML beside its markdown', async () => {
    const view = await (await t.request(`/api/v1/cases/track/${c.trackingToken}`)).json();
    const [first, customer, reply] = view.messages;
    expect(first.html).toBeNull();
    expect(customer).toMatchObject({ author: 'customer', html: null, body: 'Mi **router** <img src=x onerror=alert(1)> [x](javascript:alert(1))' });
    expect(reply).toMatchObject({ author: 'staff', body: REPLY });
    expectInert(reply.html);
    expect(reply.html).toContain(ARTICLE);
    expect(reply.html).toContain(ROOTED);
    expect(reply.html).toContain('<strong>Un saludo</strong>');
    expect(reply.html).toContain('Hola Lucía:<br />');
    // What could not be a safe tag is left as text or dropped, never run.
    expect(reply.html).toContain('&lt;script&gt;alert("s")&lt;/script&gt;');
    // Staff see the same HTML in their own view of the case.
    const staffView = await (await t.request(`/api/v1/staff/cases/${c.reference}`, { headers: { Authorization: `Bearer ${staff}` } })).json();
    expect(staffView.messages.at(-1).html).toBe(reply.html);
  });

  it('shows the reply formatted on the tracking page, and the customer’s message as escaped text', async () => {
    const page = await (await t.request(`/help/es/cases/${c.trackingToken}`)).text();
    const thread = page.slice(page.indexOf('<ol class="thread">'), page.indexOf('</ol>', page.indexOf('<ol class="thread">')) + 5);
    const replyBody = thread.slice(thread.lastIndexOf('<div class="msg-body md">'));
    expectInert(replyBody);
    expect(replyBody).toContain(ARTICLE);
    expect(replyBody).toContain(ROOTED);
    expect(replyBody).toContain('<strong>Un saludo</strong>');
    expect(thread).toContain('<div class="msg-body">Mi **router** &lt;img src=x onerror=alert(1)&gt; [x](javascript:alert(1))</div>');
    expectInert(thread.replace(/<div class="msg-body">[^<]*<\/div>/g, ''));
  });

  it('mails the reply with an HTML part holding the same sanitised HTML, and the markdown in the text part', async () => {
    const [mail] = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.toAddress, 'replies@example.com'), eq(mailOutbox.template, 'agent_replied')));
    // Inside the mail's own (styled) blockquote.
    const quote = mail!.html.slice(mail!.html.indexOf('>', mail!.html.indexOf('<blockquote')) + 1, mail!.html.indexOf('</blockquote>'));
    expectInert(quote);
    expect(quote).toContain(ARTICLE);
    expect(quote).toContain(ROOTED);
    expect(quote).toContain('<strong>Un saludo</strong>');
    expect(mail!.text).toContain('> Sigue [estos pasos](pagar-factura) o mira [la guía](/help/es/articles/escalar-averia).');
  });

  it('shows a reply that nests too deeply for the markdown parser as its text, instead of failing', async () => {
    const deep = `${'>'.repeat(6000)} hondo\n\n${'- '.repeat(6000)}fin`;
    const res = await t.request(`/api/v1/staff/cases/${c.reference}/messages`, { method: 'POST', headers: { Authorization: `Bearer ${staff}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: deep }) });
    expect(res.status).toBe(201);
    const view = await (await t.request(`/api/v1/cases/track/${c.trackingToken}`)).json();
    expect(view.messages.at(-1).html).toBe(`<p>${'&gt;'.repeat(6000)} hondo</p>\n<p>${'- '.repeat(6000)}fin</p>`);
    expect((await t.request(`/help/es/cases/${c.trackingToken}`)).status).toBe(200);
  });
});
