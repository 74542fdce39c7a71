import type { CasesCatalogue } from '../case-form/catalogue.js';

/** Plural forms keyed by `Intl.PluralRules` category; `{n}` is replaced by the formatted number. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Every user-facing string of the widget in one language. `{name}` placeholders are filled by
 * `format()`; numbers, plurals and dates go through `Intl`.
 */
export interface Catalogue {
  /** The BCP 47 tag used for `Intl` and the `lang` attribute. */
  locale: string;
  dir: 'ltr' | 'rtl';
  launcher: string;
  panelLabel: string;
  homeTitle: string;
  back: string;
  close: string;
  openPortal: string;
  newTab: string;
  searchLabel: string;
  searchPlaceholder: string;
  results: string;
  resultCount: PluralForms;
  /** The search's status when more match than are listed: "{shown} of {n} results" ({n}: all that match, the plural's number). */
  resultCountOf: PluralForms;
  /** The search's link to the help portal's page of all results, shown when more match than are listed (so never one): "See all {n} results". */
  seeAllResults: PluralForms;
  noResults: string;
  noResultsHint: string;
  /** Before the suggested search's button: "Did you mean [wifi]?" */
  didYouMean: string;
  contactSupport: string;
  /** The home's entry to `<ayuda-booking>`, beside the contact button (shown when the server offers appointment types). */
  bookEntry: string;
  /** Beside a contact entry point, the team's usual first-response time: "Normalmente respondemos en {time}". */
  usualReply: string;
  /** Beside the fast-lane entry point, its usual first-response time: "Con {name}: {time}". */
  usualReplyFast: string;
  /** After a "No" vote on an article, the words before its contact button. */
  notHelpful: string;
  loading: string;
  offline: string;
  loadError: string;
  retry: string;
  clearSearch: string;
  updated: string;
  related: string;
  readIn: string;
  helpfulQuestion: string;
  yes: string;
  no: string;
  commentLabel: string;
  send: string;
  thanks: string;
  articleNotFound: string;
  /** The home's list of most-read articles (its heading). */
  mostRead: string;
  categoriesTitle: string;
  articleCount: PluralForms;
  emptyCategory: string;
  /** The home view's button that opens the paid fast lane (its own texts load with it). */
  fastlaneEntry: string;
  /** The home view's link-like button to "My requests" (the customer's cases, payments and data). */
  myRequests: string;
  /** The region of the active announcements at the top of home (its accessible name). */
  announcements: string;
  /** Each announcement's severity in words (besides its icon and colour). */
  severities: { info: string; warning: string; critical: string };
  /** The case form and the case page (<ayuda-case-form>, <ayuda-case-status>). */
  cases: CasesCatalogue;
}
