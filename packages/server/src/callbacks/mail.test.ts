// The callback mails in both languages: the number as read and the window in the company's zone
// (named once on one day, both ends across days), why a callback failed, and every value escaped.
import { describe, expect, it } from 'vitest';
import { renderMail } from '../mail/templates.js';

const base = { company: 'Nubefibra', name: '<b>Ana</b>', phone: '+34 612 34 56 78', callbackUrl: 'http://x.test/help/es/callback' };

describe('callback mails', () => {
  it('confirms the request with the number and the window, in Spanish and English', () => {
    const es = renderMail('es', { template: 'callback_requested', vars: { ...base, windowStart: '2026-11-23T11:00:00Z', windowEnd: '2026-11-23T13:00:00Z', timeZone: 'Europe/Madrid' } });
    expect(es.subject).toBe('Te llamaremos: lunes, 23 de noviembre de 2026, 12:00–14:00 CET');
    expect(es.text).toContain('Te llamaremos al +34 612 34 56 78 en este horario: lunes, 23 de noviembre de 2026, 12:00–14:00 CET.');
    expect(es.text).toContain('Pedir otra llamada: http://x.test/help/es/callback');
    expect(es.html).toContain('&lt;b&gt;Ana&lt;/b&gt;');
    expect(es.html).not.toContain('<b>Ana</b>');
    const en = renderMail('en', { template: 'callback_requested', vars: { ...base, windowStart: '2026-11-23T22:00:00Z', windowEnd: '2026-11-24T09:00:00Z', timeZone: 'Europe/Madrid' } });
    expect(en.subject).toBe('We will call you: Monday, 23 November 2026 at 23:00 CET – Tuesday, 24 November 2026 at 10:00 CET');
    expect(en.text).toContain('We will call you on +34 612 34 56 78');
  });

  it('says why a callback failed and how to ask again', () => {
    const vars = { ...base, attempts: 3, contactUrl: 'http://x.test/help/es/contact' };
    const unanswered = renderMail('es', { template: 'callback_failed', vars: { ...vars, reason: 'unanswered' } });
    expect(unanswered.subject).toBe('No hemos podido hablar contigo por teléfono');
    expect(unanswered.text).toContain('Te hemos llamado 3 veces al +34 612 34 56 78');
    expect(unanswered.text).toContain('http://x.test/help/es/contact');
    const wrong = renderMail('en', { template: 'callback_failed', vars: { ...vars, reason: 'wrong_number', attempts: 1 } });
    expect(wrong.subject).toBe('We could not reach you by phone');
    expect(wrong.text).toContain('but the number is not yours');
    expect(wrong.text).not.toContain('times');
  });
});
