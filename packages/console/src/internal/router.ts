// The console's routes live in the URL's hash (the server serves one index.html at /console/):
//   #/queue/<view>            the queue (mine, unassigned, all, pending, solved); `#/` is all
//   #/queue/all?q=router&category=billing&lane=fast&status=open&assignee=7
//                             the queue's filters, to share or reload (and found again on Back from a case)
//   #/cases/<reference>       a case
//   #/link/<token>            a mailed one-time sign-in link
//   #/set-password/<token>    a set-password link (new accounts)
//   #/admin/<tab>             admins: team, analytics, opportunities, audit, tokens, appearance, pulse
//   #/admin/analytics?from=2026-10-01&to=2026-10-31&lane=fast
//                             the analytics screen's view (dates in the company's zone), to share or reload
//   #/kb, #/kb/<locale>/<slug>, #/kb/new, #/kb/health, #/kb/categories, #/kb/synonyms
//                             the knowledge base: list, editor, new article, content health,
//                             categories, synonyms (agents read; admins change)
//   #/settings/<section>      admins: a settings section (sla, company, …; the screen knows them)
//   #/appointments/<tab>      appointments: calendar, availability, types (admins), feed
//   #/appointments/calendar?date=2026-11-23&view=week&agent=7&type=phone-call
//                             the calendar's view (a date in the company's zone), to share or reload
//   #/callbacks, #/callbacks/done, #/callbacks/failed
//                             the callback queue: waiting (fast lane first), done, failed
import type { QueueView } from '@ayuda/client/staff';
import type { CallbackView } from '../callbacks/callbacks.js';

export const QUEUE_VIEWS: readonly QueueView[] = ['mine', 'unassigned', 'all', 'pending', 'solved'];

export type Route =
  | {
      name: 'queue';
      view: QueueView;
      /**
       * What follows `?` (the queue's filters); '' when none. Optional: a link back to the queue
       * that leaves it out (a case's "Back to the queue") finds the filters it had (see app.ts).
       */
      query?: string;
    }
  | { name: 'case'; reference: string }
  | { name: 'link'; token: string }
  | { name: 'set-password'; token: string }
  | { name: 'admin'; tab: AdminTab; /** What follows `?` (a screen's own state, e.g. the analytics' period); '' when none. */ query: string }
  | { name: 'kb'; page: KbPage }
  | { name: 'settings'; section: string }
  | { name: 'appointments'; tab: AppointmentsTab; /** What follows `?` (the calendar's view); '' when none. */ query: string }
  | { name: 'callbacks'; view: CallbackView };

export type KbPage = { view: 'list' | 'new' | 'health' | 'categories' | 'synonyms' } | { view: 'article'; locale: 'es' | 'en'; slug: string };
const KB_VIEWS = ['new', 'health', 'categories', 'synonyms'] as const;

export const ADMIN_TABS = ['team', 'analytics', 'opportunities', 'audit', 'tokens', 'appearance', 'pulse'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export const APPOINTMENTS_TABS = ['calendar', 'availability', 'types', 'feed'] as const;
export type AppointmentsTab = (typeof APPOINTMENTS_TABS)[number];

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split(/\?(.*)/s);
  const parts = path.split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  const [head, arg] = parts;
  if (head === 'cases' && arg && /^[A-Z]{1,10}-\d{6,}$/.test(arg)) return { name: 'case', reference: arg };
  if (head === 'link' && arg) return { name: 'link', token: arg };
  if (head === 'set-password' && arg) return { name: 'set-password', token: arg };
  if (head === 'kb') {
    const [, a, b] = parts;
    if ((a === 'es' || a === 'en') && b && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(b)) return { name: 'kb', page: { view: 'article', locale: a, slug: b } };
    return { name: 'kb', page: { view: KB_VIEWS.includes(a as (typeof KB_VIEWS)[number]) ? (a as (typeof KB_VIEWS)[number]) : 'list' } };
  }
  if (head === 'admin') return { name: 'admin', tab: ADMIN_TABS.includes(arg as AdminTab) ? (arg as AdminTab) : 'team', query };
  if (head === 'appointments') return { name: 'appointments', tab: APPOINTMENTS_TABS.includes(arg as AppointmentsTab) ? (arg as AppointmentsTab) : 'calendar', query };
  if (head === 'settings') return { name: 'settings', section: arg && /^[a-z][a-z0-9-]{0,40}$/.test(arg) ? arg : '' };
  if (head === 'callbacks') return { name: 'callbacks', view: arg === 'done' || arg === 'failed' ? arg : 'waiting' };
  if (head === 'queue' && QUEUE_VIEWS.includes(arg as QueueView)) return { name: 'queue', view: arg as QueueView, query };
  return { name: 'queue', view: 'all', query: '' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'queue':
      return `#/queue/${route.view}${route.query ? `?${route.query}` : ''}`;
    case 'case':
      return `#/cases/${encodeURIComponent(route.reference)}`;
    case 'link':
      return `#/link/${encodeURIComponent(route.token)}`;
    case 'set-password':
      return `#/set-password/${encodeURIComponent(route.token)}`;
    case 'admin':
      return `#/admin/${route.tab}${route.query ? `?${route.query}` : ''}`;
    case 'kb':
      return route.page.view === 'article' ? `#/kb/${route.page.locale}/${encodeURIComponent(route.page.slug)}` : route.page.view === 'list' ? '#/kb' : `#/kb/${route.page.view}`;
    case 'settings':
      return `#/settings/${route.section}`;
    case 'appointments':
      return `#/appointments/${route.tab}${route.query ? `?${route.query}` : ''}`;
    case 'callbacks':
      return route.view === 'waiting' ? '#/callbacks' : `#/callbacks/${route.view}`;
  }
}

export function navigate(route: Route, replace = false): void {
  const href = routeHref(route);
  if (replace) history.replaceState(history.state, '', href);
  else location.hash = href;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

let lastView: QueueView = 'all';
let lastQuery = '';
/** The queue view the person last looked at (a case's "back" goes there). */
export function lastQueueView(): QueueView {
  return lastView;
}
/** The queue's filters as the address last said them ('' when none). */
export function lastQueueQuery(): string {
  return lastQuery;
}
export function rememberQueueView(view: QueueView, query = ''): void {
  lastView = view;
  lastQuery = query;
}

/** Says whether the screen may be left for `to` (a hash) now; false when it asks first (unsaved changes). */
type LeaveGuard = (to: string) => boolean;
let leaveGuard: LeaveGuard | null = null;
/** Sets (or, with null, clears) the guard the app asks before following a new address. */
export function guardLeaving(guard: LeaveGuard | null): void {
  leaveGuard = guard;
}
/** Clears `guard` if it is still the one set (a screen's replacement may have set its own first). */
export function releaseLeaving(guard: LeaveGuard): void {
  if (leaveGuard === guard) leaveGuard = null;
}
export function mayLeave(to: string): boolean {
  return !leaveGuard || leaveGuard(to);
}
