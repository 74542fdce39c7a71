// Customer mail, in Spanish and English, as plain text and HTML. Every value is escaped in
// the HTML version; message bodies are the customer's or agent's plain text.
import type { Locale } from '@ayuda/core';

export type MailTemplate =
  | { template: 'case_received'; vars: { company: string; name: string; reference: string; subject: string; trackingUrl: string; firstResponseDue: string | null; timeZone?: string } }
  | { template: 'agent_replied'; vars: { company: string; name: string; reference: string; subject: string; trackingUrl: string; agent: string; body: string } }
  | { template: 'case_solved'; vars: { company: string; name: string; reference: string; subject: string; trackingUrl: string; reopenDays: number } }
  | { template: 'tracking_links'; vars: { company: string; name: string; cases: Array<{ reference: string; subject: string; trackingUrl: string }> } };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const paragraphs = (s: string) => s.split(/\n{2,}/).map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('\n');

/** A due time in the company's time zone, with the zone named so nobody misreads it. */
function due(locale: Locale, iso: string | null, timeZone = 'Europe/Madrid'): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));
}

interface Block {
  subject: string;
  lines: string[];
  link?: { url: string; label: string };
  quote?: string;
}

function blocks(locale: Locale, m: MailTemplate): Block {
  const es = locale === 'es';
  switch (m.template) {
    case 'case_received': {
      const v = m.vars;
      return {
        subject: es ? `[${v.reference}] Hemos recibido tu consulta: ${v.subject}` : `[${v.reference}] We have received your request: ${v.subject}`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Hemos recibido tu consulta «${v.subject}» con la referencia ${v.reference}.` : `We have received your request “${v.subject}” with reference ${v.reference}.`,
          ...(v.firstResponseDue
            ? [es ? `Te responderemos como muy tarde el ${due(locale, v.firstResponseDue, v.timeZone)}.` : `We will answer by ${due(locale, v.firstResponseDue, v.timeZone)} at the latest.`]
            : []),
          es ? 'Puedes seguirla y responder desde este enlace privado (no lo compartas):' : 'You can follow it and reply through this private link (do not share it):',
        ],
        link: { url: v.trackingUrl, label: es ? 'Ver mi consulta' : 'View my request' },
      };
    }
    case 'agent_replied': {
      const v = m.vars;
      return {
        subject: es ? `[${v.reference}] Nueva respuesta a tu consulta` : `[${v.reference}] New reply to your request`,
        lines: [es ? `Hola, ${v.name}:` : `Hello ${v.name},`, es ? `${v.agent} ha respondido a tu consulta «${v.subject}»:` : `${v.agent} has replied to your request “${v.subject}”:`],
        quote: v.body,
        link: { url: v.trackingUrl, label: es ? 'Responder' : 'Reply' },
      };
    }
    case 'case_solved': {
      const v = m.vars;
      return {
        subject: es ? `[${v.reference}] Tu consulta está resuelta` : `[${v.reference}] Your request is solved`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? `Hemos marcado como resuelta tu consulta «${v.subject}».` : `We have marked your request “${v.subject}” as solved.`,
          es
            ? `Si no lo está, responde en los próximos ${v.reopenDays} días y la reabriremos.`
            : `If it is not, reply within ${v.reopenDays} days and we will reopen it.`,
        ],
        link: { url: v.trackingUrl, label: es ? 'Ver mi consulta' : 'View my request' },
      };
    }
    case 'tracking_links': {
      const v = m.vars;
      return {
        subject: es ? `Los enlaces de tus consultas en ${v.company}` : `Links to your ${v.company} requests`,
        lines: [
          es ? `Hola, ${v.name}:` : `Hello ${v.name},`,
          es ? 'Estos son los enlaces privados de tus consultas. Los enlaces anteriores ya no funcionan.' : 'Here are the private links to your requests. Earlier links no longer work.',
          ...v.cases.map((c) => `${c.reference} · ${c.subject}: ${c.trackingUrl}`),
        ],
      };
    }
  }
}

export function renderMail(locale: Locale, m: MailTemplate): RenderedMail {
  const b = blocks(locale, m);
  const company = m.vars.company;
  const sign = locale === 'es' ? `El equipo de atención al cliente de ${company}` : `The ${company} support team`;
  const text = [
    ...b.lines,
    ...(b.quote ? ['', ...b.quote.split('\n').map((l) => `> ${l}`), ''] : []),
    ...(b.link ? [`${b.link.label}: ${b.link.url}`] : []),
    '',
    sign,
  ].join('\n');
  const linkify = (line: string) => esc(line).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(b.subject)}</title></head>
<body style="font-family:Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:36rem">
${b.lines.map((l) => `<p>${linkify(l)}</p>`).join('\n')}
${b.quote ? `<blockquote style="border-left:3px solid #0b5cad;margin:1rem 0;padding-left:1rem">${paragraphs(b.quote)}</blockquote>` : ''}
${b.link ? `<p><a href="${esc(b.link.url)}" style="background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none">${esc(b.link.label)}</a></p><p style="font-size:.85rem;color:#4d5560">${esc(b.link.url)}</p>` : ''}
<p>${esc(sign)}</p>
</body></html>`;
  return { subject: b.subject, text, html };
}
