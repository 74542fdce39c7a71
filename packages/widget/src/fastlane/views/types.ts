// What the fast lane's views read and call: the flow controller's state and actions, as the
// views see them (read-only), so that each view is a function of its arguments alone.
import type { Account, AccountDeleted, Article, CaseView, FastlaneOffer, ResponseTimes } from '@ayuda/client';
import type { FastlaneStatus, FastlaneStep } from '../model.js';
import type { StoredSession } from '../session.js';

export interface FastlaneViewState {
  readonly step: FastlaneStep;
  readonly busy: boolean;
  readonly session: StoredSession | null;
  readonly email: string;
  readonly emailError: string;
  readonly codeError: string;
  readonly captcha: { readonly element: HTMLElement | null };
  readonly offer: FastlaneOffer | null;
  /** The lanes' usual first-response times (the last 30 days' medians), beside the promised ones; null when unknown. */
  readonly times: ResponseTimes | null;
  readonly kase: CaseView | null;
  readonly status: FastlaneStatus | null;
  readonly article: Article | null;
  readonly plan: string;
  readonly refundFor: number | null;
  readonly refundReasonMissing: boolean;
  readonly slow: boolean;
  readonly payError: string;
  readonly retrying: boolean;
  readonly confirmCancel: boolean | null;
  readonly byCase: boolean;
  readonly trackingToken: string | undefined;
  /** The server's URL (for the case view that "My requests" opens). */
  readonly server: string;
  /** Opened on "My requests" (`view="requests"`): its sign-in words. */
  readonly forRequests: boolean;
  readonly requests: Account | null;
  readonly confirmDelete: boolean;
  readonly deleteError: string;
  readonly deleted: AccountDeleted | null;
}

export interface FastlaneViewActions {
  sendCode(e: Event): void;
  verify(e: Event): void;
  resend(): void;
  otherEmail(): void;
  choosePlan(key: string): void;
  pay(e: Event): void;
  openArticle(slug: string): void;
  backToOffer(): void;
  abandonPending(): void;
  openAccount(): void;
  askRefund(orderId: number): void;
  refund(e: Event, orderId: number): void;
  askCancel(atPeriodEnd: boolean | null): void;
  cancel(): void;
  undoCancel(): void;
  billingPortal(): void;
  signOut(): void;
  openRequests(): void;
  downloadData(): void;
  askDelete(open: boolean): void;
  deleteData(e: Event): void;
}
