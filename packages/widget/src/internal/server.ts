import { pageDefaults, warnOnce } from '../config.js';

/** The server URL without a trailing slash, or the page's origin with a warning. */
export function resolveServer(server: string | null | undefined, tag: string): string {
  const s = (server || pageDefaults.server || '').trim();
  if (s) return s.replace(/\/+$/, '');
  warnOnce(`Ayuda: <${tag}> has no server URL, so it uses this page's origin; add server="https://help.example.com" to it.`);
  return location.origin;
}
