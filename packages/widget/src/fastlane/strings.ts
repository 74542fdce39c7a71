// The fast lane's own catalogue (es, en), loaded with its chunk only: the search view never
// downloads these strings. The service's name, prices and plan names come from the server's
// offer (after the captcha and sign-in); `fallbackName` is only shown before it arrives.
import type { PluralForms } from '../i18n/index.js';

export interface FastlaneStrings {
  locale: string;
  fallbackName: string;
  heading: string;
  intro: string;
  unavailable: string;
  emailLabel: string;
  emailHint: string;
  emailInvalid: string;
  captchaLabel: string;
  captchaLoading: string;
  captchaNeeded: string;
  captchaFailed: string;
  /** Texts inside the ALTCHA checkbox. */
  captchaAltcha: { label: string; verifying: string; verified: string; error: string; expired: string };
  sendCode: string;
  sending: string;
  codeSent: string;
  codeLabel: string;
  codeHint: string;
  codeInvalid: string;
  codeWrong: string;
  codeLocked: string;
  tooManyCodes: string;
  verify: string;
  resend: string;
  otherEmail: string;
  signingIn: string;
  identityFailed: string;
  signedInAs: string;
  signOut: string;
  whatYouGet: string;
  slaFirstResponse: string;
  slaResolution: string;
  slaStandard: string;
  /** The fast lane's usual first answer of the last 30 days (the median, not the promise): "{time}" from `formatWait`. */
  usualFast: string;
  /** The standard lane's, beside it. */
  usualStandard: string;
  choosePlan: string;
  planIncident: string;
  planMonth: string;
  planYear: string;
  noCaseForIncident: string;
  refundPolicy: string;
  moreInfo: string;
  pay: string;
  paying: string;
  payError: string;
  /** Back from a checkout that charged nothing. */
  notCharged: string;
  payAgain: string;
  alreadyFast: string;
  /** The request has had its first answer: no faster first answer is sold for it. */
  answered: string;
  alreadySubscribed: string;
  embeddedLoading: string;
  confirming: string;
  confirmingSlow: string;
  doneIncident: string;
  doneSubscription: string;
  dueBy: string;
  myPayments: string;
  noPayments: string;
  orderStatus: Record<string, string>;
  paidOn: string;
  refunded: string;
  askRefund: string;
  refundReasonLabel: string;
  sendRefund: string;
  refundDone: string;
  refundPending: string;
  refundRejected: string;
  subscription: string;
  subscriptionStatus: Record<string, string>;
  renewsOn: string;
  endsOn: string;
  cancelAtEnd: string;
  cancelNow: string;
  cancelledAtEnd: string;
  cancelledNow: string;
  cancelEndConfirm: string;
  cancelNowConfirm: string;
  cancelYes: string;
  cancelKeep: string;
  undoCancel: string;
  cancelUndone: string;
  /** Opened from a request's page: the code goes to the request's email. */
  codeToCase: string;
  billingPortal: string;
  back: string;
  loading: string;
  retry: string;
  genericError: string;
  offline: string;
  articleCount: PluralForms;
  /** "My requests" (the customer's cases, payments and data): its sign-in and view. */
  requests: {
    heading: string;
    intro: string;
    cases: string;
    noCases: string;
    open: string;
    status: Record<string, string>;
    lanes: Record<string, string>;
    updated: string;
    follow: string;
    /** Said after a link that opens in a new tab (visually hidden). */
    newTab: string;
    payments: string;
    receipt: string;
    data: string;
    downloadHelp: string;
    download: string;
    downloading: string;
    downloaded: string;
    deleteHeading: string;
    deleteExplain: string;
    deleteKept: string;
    deleteSubFirst: string;
    askDelete: string;
    confirmLabel: string;
    deleteYes: string;
    deleteKeep: string;
    deleteWrong: string;
    deletedHeading: string;
    deleted: string;
  };
}

const modules = import.meta.glob<{ default: FastlaneStrings }>('./locales/*.ts');
const cache = new Map<string, Promise<FastlaneStrings>>();

/** The fast lane's strings for `locale` (es or en; anything else gets Spanish). */
export function loadFastlaneStrings(locale: string): Promise<FastlaneStrings> {
  const key = `./locales/${locale === 'en' ? 'en' : 'es'}.ts`;
  let p = cache.get(key);
  if (!p) {
    p = modules[key]!().then((m) => m.default);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
