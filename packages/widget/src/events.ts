// The widget's DOM events: their names and typed `detail`. Every event bubbles and is composed,
// so a page can listen on the element or on `document`.

export type OpenSource = 'launcher' | 'api';
export type CloseReason = 'close-button' | 'escape' | 'launcher' | 'outside' | 'api';

/** Where a link or a choice inside the widget leads. */
export type NavigationTarget = { kind: 'article'; locale: string; slug: string } | { kind: 'category'; locale: string; category: string };

export interface AyudaEventDetails {
  /** The panel opened. */
  'ayuda-open': { source: OpenSource };
  /** The panel closed. */
  'ayuda-close': { reason: CloseReason };
  /** Cancelable: the panel is about to close; `preventDefault()` keeps it open. */
  'ayuda-request-close': { reason: CloseReason };
  /** The text in a search box changed (every keystroke). */
  'ayuda-query-change': { query: string; locale: string };
  /** A query settled (typing paused, or a result was chosen): sent once per query. */
  'ayuda-search': { query: string; locale: string; resultCount: number };
  /** Results for the text in the box are shown (every keystroke; from the server, once its answer arrived). */
  'ayuda-results': { query: string; locale: string; resultCount: number };
  /** Cancelable: a search result was chosen; the default opens the article on the help portal. */
  'ayuda-result-click': { query: string; locale: string; slug: string; position: number };
  /** Cancelable: "See all N results" was chosen; the default follows its link to the help portal's search page. */
  'ayuda-see-all': { query: string; locale: string; total: number };
  /** Cancelable: a link or choice leads to another article or category; the default follows it in place. */
  'ayuda-navigate': NavigationTarget;
  /** An article was shown. */
  'ayuda-article-view': { locale: string; slug: string; title: string };
  /** A reader said whether an article helped, with an optional comment. */
  'ayuda-feedback': { locale: string; slug: string; helpful: boolean; comment?: string };
  /**
   * Cancelable: the customer asked to contact support (no search result helped, or after a "No"
   * vote on the article `slug`); the default opens `contact-url` (the article's: the help portal's contact form).
   */
  'ayuda-contact': { query: string; locale: string; slug?: string };
  /** The widget switched language (for example through an article's other-language link). */
  'ayuda-locale-change': { locale: string };
  /** The server confirmed a support case sent from `<ayuda-case-form>`. */
  'ayuda-case-created': { reference: string; trackingUrl: string };
  /** A suggested article answered the customer's question; no case was sent. */
  'ayuda-deflected': { locale: string; slug: string; query?: string };
  /** A case changed from `<ayuda-case-status>` (a reply, or closed). */
  'ayuda-case-updated': { reference: string; status: string };
  /** A survey question of a solved case was answered, or its answer commented, in `<ayuda-survey>`. */
  'ayuda-survey-answered': { question: string; score: number | null; comment: string | null };
  /** The server confirmed an appointment booked from `<ayuda-booking>`. */
  'ayuda-appointment-booked': { id: string; type: string; start: string; end: string; manageUrl: string; icsUrl: string };
}

export type AyudaEventName = keyof AyudaEventDetails;
export type AyudaEvent<K extends AyudaEventName> = CustomEvent<AyudaEventDetails[K]>;

declare global {
  interface HTMLElementEventMap {
    'ayuda-open': AyudaEvent<'ayuda-open'>;
    'ayuda-close': AyudaEvent<'ayuda-close'>;
    'ayuda-request-close': AyudaEvent<'ayuda-request-close'>;
    'ayuda-query-change': AyudaEvent<'ayuda-query-change'>;
    'ayuda-search': AyudaEvent<'ayuda-search'>;
    'ayuda-results': AyudaEvent<'ayuda-results'>;
    'ayuda-result-click': AyudaEvent<'ayuda-result-click'>;
    'ayuda-see-all': AyudaEvent<'ayuda-see-all'>;
    'ayuda-navigate': AyudaEvent<'ayuda-navigate'>;
    'ayuda-article-view': AyudaEvent<'ayuda-article-view'>;
    'ayuda-feedback': AyudaEvent<'ayuda-feedback'>;
    'ayuda-contact': AyudaEvent<'ayuda-contact'>;
    'ayuda-locale-change': AyudaEvent<'ayuda-locale-change'>;
    'ayuda-case-created': AyudaEvent<'ayuda-case-created'>;
    'ayuda-deflected': AyudaEvent<'ayuda-deflected'>;
    'ayuda-case-updated': AyudaEvent<'ayuda-case-updated'>;
    'ayuda-survey-answered': AyudaEvent<'ayuda-survey-answered'>;
    'ayuda-appointment-booked': AyudaEvent<'ayuda-appointment-booked'>;
  }
}

/** Dispatches an `ayuda-*` event; returns false when a cancelable one was prevented. */
export function emit<K extends AyudaEventName>(target: EventTarget, name: K, detail: AyudaEventDetails[K], cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
