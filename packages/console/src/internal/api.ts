// The console's one API client: the staff session cookie, with the CSRF token the client keeps
// from the last StaffSession. Tests swap it for a client over a fake fetch with useClient().
import { AyudaStaffClient } from '@ayuda/client/staff';
import { watchingFetch } from './session.js';

let client: AyudaStaffClient | null = null;

/** The client the console talks through (same origin as the page by default). */
export function api(): AyudaStaffClient {
  client ??= new AyudaStaffClient({ baseUrl: location.origin, fetch: watchingFetch(undefined, (token) => client && (client.csrfToken = token)) });
  return client;
}

/** Replaces the client (tests, or a console served apart from its API); give it `fetch: watchingFetch(…)` to keep the 401 watch. */
export function useClient(c: AyudaStaffClient): void {
  client = c;
}
