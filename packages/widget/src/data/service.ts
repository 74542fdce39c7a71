// One data service per server URL, shared by every component on the page: the API client,
// the search engine and index of each locale (downloaded once per page view and again only when
// the knowledge base's revision changes, which the small index metadata says), small caches,
// and the analytics queue.
import { AyudaClient, AyudaNetworkError, type LiveSearch, type AnalyticsEvent, type Article, type ArticleList, type CategoryList } from '@ayuda/client';
import type { SearchEngine, SearchHit } from '@ayuda/core/search';
import { BEHAVIOUR } from '../config.js';

type Locale = AnalyticsEvent['locale'];
/** The API's language for a component's: the server knows `es` and `en`; anything else reads Spanish, the default. */
export const apiLocale = (locale: string): Locale => (locale === 'en' ? 'en' : 'es');
type Loose<E> = E extends { locale: unknown } ? Omit<E, 'locale'> & { locale: string } : never;
/** An analytics event as components build it (any locale string; the server validates). */
export type TrackedEvent = Loose<AnalyticsEvent>;
/** Where a locale is searched: in the browser over the downloaded index, or through the server's search API. */
export type SearchMode = 'local' | 'server';
/** A server search's answer, as the engine gives it in the browser. */
export interface SearchAnswer {
  hits: SearchHit[];
  /** How many articles match, shown or not (the API counts up to 1,000). */
  total: number;
  /** Did you mean (only when nothing was found), or ''. */
  suggestion: string;
}

/** Server answers kept per query (the most recent), so typing back over a query asks nothing. */
const ANSWER_CACHE_SIZE = 200;

export class AyudaService {
  readonly server: string;
  readonly client: AyudaClient;
  /** False when the site turned analytics off. */
  analytics = true;
  readonly #indexes = new Map<string, Promise<SearchEngine>>();
  /**
   * Per locale: the index data the engine was built from, the revision last seen (the index's, or
   * the metadata's that made it download again), when it was last known current, and the check in flight.
   */
  readonly #checks = new Map<string, { data: unknown; revision: string; at: number; pending?: Promise<SearchEngine | null> | undefined }>();
  readonly #modes = new Map<string, Promise<SearchMode>>();
  /** Server answers by locale, limit and query; emptied when the knowledge base's revision changes. */
  readonly #answers = new Map<string, SearchAnswer>();
  #answersRevision = '';
  /** Live search (one WebSocket), opened once a locale is searched through the server. */
  #live: LiveSearch | undefined;
  readonly #categories = new Map<string, Promise<CategoryList>>();
  readonly #lists = new Map<string, Promise<ArticleList>>();
  #queue: AnalyticsEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(server: string) {
    this.server = server;
    this.client = new AyudaClient({ baseUrl: server, retries: 2 });
    // The page may be going away: what is queued is sent so that it outlives the page.
    addEventListener('pagehide', () => this.flush(true));
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && this.flush(true));
  }

  /**
   * Where to search `locale`, as the server's index metadata says: `local` (download the index
   * and the engine) while the index is small, `server` once it is over the server's threshold.
   * A server too old to say (no metadata) is searched locally, as before; offline is not cached.
   */
  searchMode(locale: string): Promise<SearchMode> {
    return this.#memo(this.#modes, locale, () =>
      this.client.getIndexMeta(apiLocale(locale)).then(
        (meta) => {
          if (meta.revision !== this.#answersRevision) {
            this.#answers.clear();
            this.#answersRevision = meta.revision;
          }
          if (meta.mode === 'server') (this.#live ??= this.client.liveSearch()).connect();
          return meta.mode;
        },
        (err: unknown) => {
          if (isOffline(err)) throw err;
          return 'local' as const;
        },
      ),
    );
  }

  /** The server's answer to `query` already received, if any (typing back over a query). */
  cachedSearch(locale: string, query: string, limit: number): SearchAnswer | undefined {
    return this.#answers.get(`${apiLocale(locale)}|${limit}|${query}`);
  }

  /**
   * Searches through the server (the same engine and ranking as in the browser). Not recorded
   * in analytics by the server: the component records the query once it settles, as it does
   * when it searches locally.
   */
  async searchServer(locale: string, query: string, limit: number, signal?: AbortSignal): Promise<SearchAnswer> {
    const key = `${apiLocale(locale)}|${limit}|${query}`;
    const cached = this.#answers.get(key);
    if (cached) return cached;
    const q = { q: query, locale: apiLocale(locale), limit };
    // Over the open socket when there is one (a keystroke's round trip in a fraction of a fetch's), else over HTTP.
    const r = (await this.#live?.search(q, signal)) ?? (await this.client.search({ ...q, analytics: 'off' }, signal ? { signal } : {}));
    const answer = { hits: r.results, total: r.total, suggestion: r.suggestion ?? '' };
    if (this.#answers.size >= ANSWER_CACHE_SIZE) this.#answers.delete(this.#answers.keys().next().value!);
    this.#answers.set(key, answer);
    return answer;
  }

  /** The search engine over `locale`'s index; the engine's code and the index load in parallel. */
  index(locale: string): Promise<SearchEngine> {
    let p = this.#indexes.get(locale);
    if (!p) {
      const asked = Date.now();
      p = Promise.all([import('../search/search-engine.js'), this.client.getIndex(apiLocale(locale))]).then(([m, data]) => {
        const engine = m.SearchEngine.load(data);
        this.#checks.set(locale, { data, revision: engine.revision, at: asked });
        return engine;
      });
      // A failed download (offline) is not cached: the next call tries again.
      p.catch(() => this.#indexes.delete(locale));
      this.#indexes.set(locale, p);
    }
    return p;
  }

  /**
   * Checks that `locale`'s index is still the knowledge base's current revision, for a search
   * just made on it: at most once per BEHAVIOUR.indexRecheckMs (a call inside that time waits
   * for its end; calls meanwhile share the one check), it asks the index metadata (small,
   * revalidated by ETag: a 304 while nothing changed), and downloads the index again only when
   * the revision changed, until it gets that revision (a server still rebuilding answers the
   * old index's 304, asked again at the next check). So the index is downloaded once per page
   * view and once per revision, and an article published meanwhile shows within about a second
   * on a page left open. A new engine when the index changed, else null; failures (offline)
   * keep the one there is.
   */
  recheck(locale: string): Promise<SearchEngine | null> {
    const check = this.#checks.get(locale);
    if (!check) return Promise.resolve(null);
    if (check.pending) return check.pending;
    check.pending = (async () => {
      // A search within the window of the last check (or of the download) is answered from what
      // that check saw; the check itself waits for the window's end, so an article published
      // meanwhile still shows about a second later without another keystroke.
      const wait = check.at + BEHAVIOUR.indexRecheckMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const asked = Date.now();
      try {
        // A server too old to have the metadata: the index itself, revalidated by its ETag.
        const meta = await this.client.getIndexMeta(apiLocale(locale)).catch((err: unknown) => {
          if (isOffline(err)) throw err;
          return null;
        });
        if (meta?.revision === check.revision) return null;
        const [m, data] = await Promise.all([import('../search/search-engine.js'), this.client.getIndex(apiLocale(locale))]);
        // An index the server has not rebuilt yet (a 304, the old revision): asked again at the next check.
        if (data === check.data) return null;
        check.data = data;
        const engine = m.SearchEngine.load(data);
        check.revision = engine.revision;
        this.#indexes.set(locale, Promise.resolve(engine));
        return engine;
      } catch {
        return null;
      } finally {
        check.at = asked;
        check.pending = undefined;
      }
    })();
    return check.pending;
  }

  categories(locale: string): Promise<CategoryList> {
    return this.#memo(this.#categories, locale, () => this.client.listCategories(apiLocale(locale)));
  }

  articles(locale: string, category: string): Promise<ArticleList> {
    return this.#memo(this.#lists, `${locale}/${category}`, () => this.client.listArticles({ locale: apiLocale(locale), category, limit: 200 }));
  }

  article(locale: string, slug: string, signal?: AbortSignal): Promise<Article> {
    return this.client.getArticle(apiLocale(locale), slug, signal ? { signal } : {});
  }

  /** The help portal's URL of a page, for real links (new tab, no JavaScript, copy). */
  portalUrl(locale: string, path = ''): string {
    return `${this.server}/help/${encodeURIComponent(locale)}/${path}`;
  }

  /** Queues an analytics event; they are sent together shortly after. */
  track(event: TrackedEvent): void {
    if (!this.analytics) return;
    this.#queue.push({ ...event, locale: apiLocale(event.locale) });
    if (this.#queue.length >= 20) this.flush();
    else {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.flush(), BEHAVIOUR.analyticsFlushMs);
    }
  }

  /**
   * Sends queued analytics now, in batches of 50, each with `keepalive`: a batch its timer sent
   * a moment before the visitor closes the tab or follows a link is not cancelled with the page
   * (browsers cancel a plain request then). A batch is at most a few kilobytes, well within the
   * 64 KB that a page's keepalive requests may carry together. `leaving`: the page is being
   * hidden or left, so every batch goes at once. Failures are dropped: analytics never bother
   * the customer.
   */
  flush(leaving = false): Promise<void> {
    clearTimeout(this.#timer);
    const batch = this.#queue.splice(0, 50);
    if (!batch.length) return Promise.resolve();
    const sent = this.client.trackEvents(batch, { keepalive: true }).then(
      () => undefined,
      () => undefined,
    );
    if (!this.#queue.length) return sent;
    return leaving ? Promise.all([sent, this.flush(true)]).then(() => undefined) : sent.then(() => this.flush());
  }

  #memo<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let p = map.get(key);
    if (!p) {
      p = load();
      p.catch(() => map.delete(key));
      map.set(key, p);
    }
    return p;
  }
}

const services = new Map<string, AyudaService>();
/** The shared service of a server. */
export function serviceFor(server: string): AyudaService {
  let s = services.get(server);
  if (!s) services.set(server, (s = new AyudaService(server)));
  return s;
}

/** True when an error means the network, not the server, failed (offline states). */
export function isOffline(err: unknown): boolean {
  return err instanceof AyudaNetworkError || (typeof navigator !== 'undefined' && navigator.onLine === false);
}
