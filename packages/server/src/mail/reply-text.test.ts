import { describe, expect, it } from 'vitest';
import { visibleReply } from './reply-text.js';
import { machineMail } from './auto-reply.js';

describe('visibleReply', () => {
  it('cuts Gmail quotes in English and Spanish, also when the header wraps', () => {
    expect(visibleReply('Thanks, it works now.\n\nOn Fri, 4 Dec 2026 at 10:00, Nubefibra <soporte@nubefibra.es> wrote:\n> Try restarting the router.\n> Marta')).toBe('Thanks, it works now.');
    expect(visibleReply('Gracias, ya funciona.\r\n\r\nEl vie, 4 dic 2026 a las 10:00, Nubefibra (<soporte@nubefibra.es>) escribió:\r\n> Reinicia el router.')).toBe('Gracias, ya funciona.');
    expect(visibleReply('Still down.\n\nOn Fri, 4 Dec 2026 at 10:00, Nubefibra Support <reply+12-0123456789abcdef0123@nubefibra.es>\nwrote:\n\n> Hello')).toBe('Still down.');
    expect(visibleReply('Sigue igual.\n\nEl vie, 4 dic 2026 a las 10:00, Soporte Nubefibra <soporte@nubefibra.es>\nescribió:\n> Hola')).toBe('Sigue igual.');
  });

  it('cuts Gmail\'s HTML-only replies as mailparser turns them into text', () => {
    expect(visibleReply('I switched roaming on, still nothing.\n\n\nOn Sat, Dec 5, 2026 at 1:00 PM Ayuda <support@localhost> wrote:\n\n\n> We have received your request')).toBe('I switched roaming on, still nothing.');
  });

  it('cuts Apple Mail quotes (es, en)', () => {
    expect(visibleReply('Done, thank you!\n\n> On 4 Dec 2026, at 10:00, Nubefibra <soporte@nubefibra.es> wrote:\n>\n> Try again')).toBe('Done, thank you!');
    expect(visibleReply('¡Hecho, gracias!\n\nEl 4 dic 2026, a las 10:00, Nubefibra <soporte@nubefibra.es> escribió:\n\n> Prueba otra vez')).toBe('¡Hecho, gracias!');
  });

  it('cuts Outlook header blocks and "Original Message" rules (es, en)', () => {
    const en = 'The light is red.\n\n________________________________\nFrom: Nubefibra <soporte@nubefibra.es>\nSent: Friday, December 4, 2026 10:00\nTo: Ana <ana@example.com>\nSubject: [NF-000001] New reply\n\nTry restarting.';
    expect(visibleReply(en)).toBe('The light is red.');
    const es = 'La luz está roja.\n\nDe: Nubefibra <soporte@nubefibra.es>\nEnviado el: viernes, 4 de diciembre de 2026 10:00\nPara: Ana <ana@example.com>\nAsunto: [NF-000001] Nueva respuesta\n\nReinicia.';
    expect(visibleReply(es)).toBe('La luz está roja.');
    expect(visibleReply('Here.\n-----Original Message-----\nFrom: x')).toBe('Here.');
    expect(visibleReply('Aquí.\n-----Mensaje original-----\nDe: x')).toBe('Aquí.');
    // Outlook's HTML turned into text marks the fields in bold.
    expect(visibleReply('Ok.\n\n*From:* Nubefibra <soporte@nubefibra.es>\n*Sent:* Friday\n*To:* Ana\n*Subject:* Re')).toBe('Ok.');
    // Outlook's HTML reply as mailparser turns it into text: a rule, then the header block.
    expect(visibleReply(`La luz sigue roja.\n\n\n\n${'-'.repeat(80)}\n\nDe: Nubefibra <soporte@n.es>\nEnviado: viernes\nPara: Ana\nAsunto: Re\nHola`)).toBe('La luz sigue roja.');
    expect(visibleReply(`Antes\n${'-'.repeat(20)}\nDespués`)).toBe(`Antes\n${'-'.repeat(20)}\nDespués`);
  });

  it('keeps a line that only looks like a header when no block follows', () => {
    expect(visibleReply('De: mi parte, gracias por todo.\nUn saludo')).toBe('De: mi parte, gracias por todo.\nUn saludo');
  });

  it('drops signatures and mobile sign-offs (es, en)', () => {
    expect(visibleReply('It works.\n\n-- \nAna García\nACME Ltd')).toBe('It works.');
    expect(visibleReply('It works.\n\nSent from my iPhone')).toBe('It works.');
    expect(visibleReply('Funciona.\n\nEnviado desde mi iPhone')).toBe('Funciona.');
    expect(visibleReply('Funciona.\n\nEnviado desde mi Samsung Galaxy')).toBe('Funciona.');
    expect(visibleReply('Works.\n\nGet Outlook for Android')).toBe('Works.');
    expect(visibleReply('Vale.\n\nObtener Outlook para iOS')).toBe('Vale.');
  });

  it('drops ">" lines between the customer\'s own, and squeezes blank lines', () => {
    expect(visibleReply('> Which router?\nThe white one.\n\n\n\n> And the light?\nRed.')).toBe('The white one.\n\nRed.');
  });

  it('is empty when the customer only quoted', () => {
    expect(visibleReply('\n\nOn Fri, 4 Dec 2026, Nubefibra <s@n.es> wrote:\n> Hello')).toBe('');
    expect(visibleReply('> a\n> b\n-- \nAna')).toBe('');
  });
});

describe('machineMail', () => {
  const base = { envelopeFrom: 'ana@example.com', from: 'ana@example.com', own: ['soporte@nubefibra.es'], replyDomain: 'nubefibra.es' };
  const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] });
  it('lets a person\'s mail through', () => {
    expect(machineMail({ ...base, headers: headers({ 'auto-submitted': 'no' }) })).toBeNull();
    expect(machineMail({ ...base, headers: headers({}) })).toBeNull();
  });
  it('finds auto-replies by their headers', () => {
    expect(machineMail({ ...base, headers: headers({ 'auto-submitted': 'auto-replied' }) })).toBe('auto_reply');
    expect(machineMail({ ...base, headers: headers({ 'auto-submitted': 'auto-generated; owner-email="x@y"' }) })).toBe('auto_reply');
    for (const p of ['bulk', 'junk', 'list', 'auto_reply']) expect(machineMail({ ...base, headers: headers({ precedence: p }) })).toBe('auto_reply');
    expect(machineMail({ ...base, headers: headers({ 'x-autoreply': 'yes' }) })).toBe('auto_reply');
    expect(machineMail({ ...base, headers: headers({ 'x-autorespond': '1' }) })).toBe('auto_reply');
    expect(machineMail({ ...base, headers: headers({ 'x-auto-response-suppress': 'All' }) })).toBe('auto_reply');
  });
  it('finds bounces: null sender, mailer daemons, delivery reports', () => {
    expect(machineMail({ ...base, envelopeFrom: '', headers: headers({}) })).toBe('bounce');
    expect(machineMail({ ...base, envelopeFrom: 'mailer-daemon@mx.example.com', headers: headers({}) })).toBe('bounce');
    expect(machineMail({ ...base, from: 'postmaster@example.com', headers: headers({}) })).toBe('bounce');
    expect(machineMail({ ...base, headers: headers({ 'content-type': 'multipart/report; report-type=delivery-status' }) })).toBe('bounce');
  });
  it('finds our own mail coming back', () => {
    expect(machineMail({ ...base, from: 'soporte@nubefibra.es', headers: headers({}) })).toBe('loop');
    expect(machineMail({ ...base, from: 'reply+3-0123456789abcdef0123@nubefibra.es', headers: headers({}) })).toBe('loop');
  });
});
