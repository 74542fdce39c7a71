// The console's catalogue: every user-facing string in one language. Plain strings, and
// functions where a number, a name or a plural goes in (plurals through Intl.PluralRules).
export interface Catalogue {
  /** BCP 47 tag for Intl and `<html lang>`. */
  locale: 'es' | 'en';
  appName: string;
  notifications: string;
  skipToContent: string;
  loading: string;
  retry: string;
  close: string;
  cancel: string;
  save: string;
  edit: string;
  delete: string;
  back: string;
  // errors
  networkError: string;
  sessionExpired: string;
  serverRefused: (what: string, why: string) => string;
  /** Why the server refused an action, by HTTP status or problem type. */
  refusals: {
    conflict: string;
    forbidden: string;
    invalid: string;
    /** The server refused these fields (their labels, one or more). */
    invalidFields: (labels: string[]) => string;
    notFound: string;
    rateLimited: string;
    unavailable: string;
    closed: string;
  };
  liveReconnecting: string;
  genericError: string;
  // sign-in
  signInTitle: string;
  email: string;
  password: string;
  signIn: string;
  signingIn: string;
  orLink: string;
  emailLink: string;
  linkSent: (email: string) => string;
  needEmail: string;
  wrongPassword: string;
  accountLocked: string;
  tooManyAttempts: string;
  linkChecking: string;
  linkInvalid: string;
  setPasswordTitle: string;
  newPassword: string;
  confirmPassword: string;
  passwordHint: (min: number, max: number) => string;
  passwordsDiffer: string;
  setPassword: string;
  setPasswordInvalid: string;
  backToSignIn: string;
  // header
  mainNav: string;
  /** The header's menu button on a narrow screen: it shows the account and display tools. */
  headerMenu: string;
  signedInAs: (name: string, role: string) => string;
  roles: Record<'agent' | 'admin', string>;
  language: string;
  languages: Record<'es' | 'en', string>;
  themeToLight: string;
  themeToDark: string;
  signOut: string;
  signOutEverywhere: string;
  signedOutEverywhere: string;
  shortcutsButton: string;
  // queue
  views: Record<'mine' | 'unassigned' | 'all' | 'pending' | 'solved', string>;
  queueHeading: (view: string) => string;
  /** The exact deadline of the next SLA target, in the company's time zone (named). */
  slaDeadline: (when: string, timeZone: string) => string;
  /** A case's screen: every time on it is in the company's zone; `yours`, the browser's, when it differs. */
  timesInZone: (timeZone: string, yours: string | null) => string;
  /** The heading once the status filter replaces the view's statuses; `view` for the views that also say whose cases (Mine, Unassigned). */
  queueStatusHeading: (status: string, view?: string) => string;
  filters: string;
  category: string;
  lane: string;
  status: string;
  assignee: string;
  any: string;
  me: string;
  unassigned: string;
  search: string;
  searchPlaceholder: string;
  clearFilters: string;
  caseCount: (n: number) => string;
  noCases: string;
  loadingMore: string;
  lanes: Record<'fast' | 'standard', string>;
  statuses: Record<'new' | 'open' | 'pending_customer' | 'solved' | 'closed', string>;
  columns: { reference: string; subject: string; customer: string; lane: string; status: string; assignee: string; due: string };
  slaTargets: Record<'first_response' | 'resolution', string>;
  slaLeft: (duration: string) => string;
  slaAtRisk: (duration: string) => string;
  slaBreached: (duration: string) => string;
  slaPaused: string;
  slaNone: string;
  duration: (minutes: number) => string;
  newCaseArrived: (reference: string) => string;
  caseUpdated: (reference: string) => string;
  assignedToMe: (reference: string) => string;
  solved: (reference: string) => string;
  /** Asking before `s` solves (the customer is mailed): title, the two reasons, the button. */
  confirmSolveTitle: (reference: string) => string;
  confirmSolveNoReply: string;
  /** Solving a case answered before whose customer has written since. */
  confirmSolveUnanswered: string;
  confirmSolveDraft: string;
  confirmSolve: string;
  /** "Send and solve": the reply and the solving go in one email. */
  confirmSolveWithReply: string;
  confirmSendAndSolve: string;
  // case view
  caseLabel: (reference: string) => string;
  backToQueue: string;
  /** A case screen whose reference names no case (a mistyped or old link). */
  caseNotFound: (reference: string) => string;
  thread: string;
  internalNote: string;
  fromCustomer: string;
  fromStaff: string;
  fromSystem: string;
  attachments: string;
  sending: string;
  reply: string;
  note: string;
  composeMode: string;
  replyLabel: string;
  noteLabel: string;
  send: string;
  sendReply: string;
  addNote: string;
  /** Said at the text box when a reply or a note is sent empty. */
  emptyReply: string;
  emptyNote: string;
  sendAndSolve: string;
  preview: string;
  write: string;
  previewEmpty: string;
  insertArticle: string;
  articleSearch: string;
  articleSearchPlaceholder: string;
  noArticles: string;
  insert: string;
  /** Marks an internal article in the composer's search (for the team, not for customers). */
  internalArticle: string;
  readArticle: string;
  closeArticle: string;
  articleLoadFailed: string;
  replySent: string;
  /** "Send and solve" done: the reply and the solving, in one email. */
  replySentAndSolved: (reference: string) => string;
  /** A change of the case's status, lane or category, once the server has it: `change` is "Status: Open". */
  caseChanged: (reference: string, change: string) => string;
  noteAdded: string;
  cannotReplyClosed: string;
  changeStatus: string;
  changeLane: string;
  laneReason: string;
  /** The lane-change form sent without a reason. */
  laneReasonMissing: string;
  changeCategory: string;
  noCategory: string;
  assignToMe: string;
  unassign: string;
  assignTo: string;
  apply: string;
  viewing: (names: string) => string;
  typing: (names: string) => string;
  collisionHint: string;
  // customer panel
  customer: string;
  earlierCases: string;
  noEarlierCases: string;
  payments: string;
  noPayments: string;
  subscription: string;
  noSubscription: string;
  /** A subscription's plan the fast lane's settings no longer list (no name to show): its key. */
  retiredPlan: (key: string) => string;
  renewsOn: (date: string) => string;
  endsOn: (date: string) => string;
  refunds: string;
  noRefunds: string;
  refundStatus: Record<string, string>;
  /** A fast-lane payment's kind and status, and a subscription's status (Stripe's words), in words; unknown ones show as they are. */
  orderKind: Record<string, string>;
  orderStatus: Record<string, string>;
  subscriptionStatus: Record<string, string>;
  approve: string;
  reject: string;
  refundApproved: string;
  refundRejected: string;
  goodwillRefund: string;
  refundAmount: string;
  refundAmountHint: string;
  refundReason: string;
  /** The refund form's checks, said at the field: the amount is no amount (`example`: one that is), under the least or over what is left (formatted money). */
  refundAmountFormat: (example: string) => string;
  refundAmountMin: (least: string) => string;
  refundAmountMax: (most: string) => string;
  refundReasonMissing: string;
  refund: string;
  refunded: (amount: string) => string;
  refundDone: string;
  /** The question before a goodwill refund: the amount (formatted money) and the customer's address. */
  confirmRefundTitle: string;
  confirmRefund: (amount: string, email: string) => string;
  confirmRefundButton: (amount: string) => string;
  // time
  time: string;
  timerRunning: (elapsed: string) => string;
  timerStopped: string;
  totalTime: (duration: string) => string;
  noTime: string;
  started: string;
  ended: string;
  running: string;
  entryNote: string;
  manual: string;
  timerSource: string;
  addTime: string;
  timeAdded: string;
  timeSaved: string;
  timeDeleted: string;
  endBeforeStart: string;
  // opportunity
  opportunity: string;
  product: string;
  estimatedValue: string;
  currency: string;
  currencyHint: string;
  opportunityNote: string;
  record: string;
  opportunityRecorded: string;
  // admin
  admin: string;
  adminTabs: Record<'team' | 'analytics' | 'opportunities' | 'audit' | 'tokens' | 'appearance' | 'pulse', string>;
  /** The header's entry of the settings screen (admins). */
  settingsNav: string;
  name: string;
  role: string;
  hourlyCost: string;
  hourlyCostHint: string;
  disabledAccount: string;
  disableAccount: string;
  createAccount: string;
  accountCreated: (name: string) => string;
  setPasswordLink: string;
  sendPasswordLink: string;
  /** The button's accessible name, with whom it is for (starts with `sendPasswordLink`). */
  sendPasswordLinkTo: (name: string) => string;
  passwordLinkSent: (name: string) => string;
  /** An agent who opens an admin screen's address. */
  /** The header's link to the knowledge-base screens. */
  knowledgeBase: string;
  /** The header's link to the appointments calendar. */
  appointmentsNav: string;
  /** The header's link to the callback queue. */
  callbacksNav: string;
  adminOnly: string;
  saved: string;
  from: string;
  to: string;
  show: string;
  downloadCsv: string;
  noOpportunities: string;
  truncated: string;
  date: string;
  agent: string;
  value: string;
  noEntries: string;
  older: string;
  // shortcuts
  shortcutsTitle: string;
  shortcutsIntro: string;
  key: string;
  action: string;
  shortcuts: Record<'j' | 'k' | 'enter' | 'r' | 'n' | 'a' | 's' | 'slash' | 'help' | 'escape' | 'send', string>;
}
