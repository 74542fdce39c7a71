// Mail that no person wrote: auto-replies, bounces and our own mail coming back. Adding it to a
// case would start a loop (each of our answers answered again) or fill the thread with noise.

export interface InboundHeaders {
  /** Header values by lower-cased name (the first of each). */
  get(name: string): string | undefined;
}

/**
 * Why a message is machine-made, or null when a person seems to have written it.
 * `bounce`: a delivery report or a message from a mailer daemon; `auto_reply`: an out-of-office,
 * an autoresponder or bulk mail; `loop`: our own mail.
 */
export function machineMail(m: {
  headers: InboundHeaders;
  /** The envelope sender (MAIL FROM), lower-cased; '' for the null sender. */
  envelopeFrom: string;
  /** The From address, lower-cased; '' when there is none. */
  from: string;
  /** Our own addresses (the From of our mail), lower-cased. */
  own: readonly string[];
  /** The domain of our reply addresses, if any. */
  replyDomain: string | null;
}): 'bounce' | 'auto_reply' | 'loop' | null {
  const h = (name: string) => m.headers.get(name)?.trim().toLowerCase();
  const local = (a: string) => a.slice(0, a.lastIndexOf('@'));
  if (m.envelopeFrom === '') return 'bounce';
  if ([m.envelopeFrom, m.from].some((a) => /^(mailer-daemon|postmaster)$/.test(local(a)))) return 'bounce';
  if ((h('content-type') ?? '').startsWith('multipart/report')) return 'bounce';
  if (m.from && (m.own.includes(m.from) || (m.replyDomain !== null && m.from.endsWith(`@${m.replyDomain}`) && local(m.from).startsWith('reply+')))) return 'loop';
  const auto = h('auto-submitted');
  if (auto !== undefined && auto.split(';')[0]!.trim() !== 'no') return 'auto_reply';
  if (/^(bulk|junk|list|auto_reply)$/.test(h('precedence') ?? '')) return 'auto_reply';
  if (['x-autoreply', 'x-autorespond', 'x-auto-response-suppress'].some((n) => h(n) !== undefined)) return 'auto_reply';
  return null;
}
