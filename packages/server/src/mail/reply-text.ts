// What the customer wrote in a reply by email: the text above the quoted history and the
// signature. Mail programs quote in their own ways (Gmail and Apple Mail with an "On … wrote:"
// line, Outlook with a block of From/Sent/To/Subject headers), in the writer's language.

/** A line that starts the quoted history: everything from it on is the earlier mail. */
const QUOTE_HEADERS: RegExp[] = [
  // Gmail, Apple Mail, Thunderbird: "On Fri, 4 Dec 2026 at 10:00, Ana <a@x.es> wrote:"
  /^On\b.{0,400}\bwrote:$/i,
  // The same in Spanish: "El vie, 4 dic 2026 a las 10:00, Ana (<a@x.es>) escribió:"
  /^El\b.{0,400}\bescribi[óo]:$/i,
  /^-{2,}\s*(Original Message|Mensaje original|Forwarded message|Mensaje reenviado)\s*-{2,}$/i,
  /^(Begin forwarded message|Inicio del mensaje reenviado):$/i,
  // Outlook's rule above its header block.
  /^_{20,}$/,
];

/** The header lines of an Outlook quote block (plain text, or bold in its HTML turned into `*From:*`). */
const OUTLOOK_FIELD = /^\*?(From|De|Sent|Enviado(?: el)?|Date|Fecha|To|Para|Cc|Subject|Asunto)\s*:\*?(\s|$)/i;
const OUTLOOK_FROM = /^\*?(From|De)\s*:\*?\s/i;

/** Sign-offs that mobile mail programs add by themselves. */
const MOBILE_SIGN_OFF =
  /^(Sent from my \w[\w ]{0,40}|Sent from (Outlook|Mail|Yahoo Mail)\b.{0,40}|Get Outlook for (iOS|Android)|Enviado desde mi \S[\S ]{0,40}|Enviado desde (Outlook|Correo|Yahoo Mail)\b.{0,40}|Obtener Outlook para (iOS|Android))\.?$/i;

/**
 * The reply's own text: cut at the first quote header or Outlook header block, without `>`
 * lines, cut at the signature delimiter (`-- `) or a mobile sign-off; trimmed, with runs of
 * blank lines made one.
 */
export function visibleReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (QUOTE_HEADERS.some((re) => re.test(t))) break;
    // A quote header wrapped over two lines ("On … <a@x.es>" then "wrote:").
    const next = lines[i + 1]?.trim() ?? '';
    if (next && /^(wrote|escribi[óo]):$/i.test(next) && /^(On|El)\b/i.test(t)) break;
    if (OUTLOOK_FROM.test(t) && lines.slice(i + 1, i + 5).filter((l) => OUTLOOK_FIELD.test(l.trim())).length >= 2) break;
    // A rule above such a block (Outlook's HTML `<hr>`, turned into a line of dashes).
    if (/^[-_=]{10,}$/.test(t) && OUTLOOK_FROM.test(lines.slice(i + 1, i + 4).find((l) => l.trim())?.trim() ?? '')) break;
    if (/^--\s*$/.test(line) || MOBILE_SIGN_OFF.test(t)) break;
    if (t.startsWith('>')) continue;
    kept.push(line.trimEnd());
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
