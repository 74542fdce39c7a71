// Optimistic actions: the screen changes at once; the request goes out; if the server refuses
// (or cannot be reached) the change is undone and a message in the user's language says what
// was undone and why. The host re-renders after each step.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AyudaApiError } from '@ayuda/client/staff';
import type { Catalogue } from '../i18n/types.js';
import { catalogue } from './localize.js';
import { notify } from './notices.js';

/**
 * The labels of the fields the server refused (its problem's per-field errors), for those
 * `fields` names: the form's labels by the server's path (`{ 'body.amount': 'Amount' }`).
 * Fields it does not name are left out (never the server's English).
 */
export function refusedFields(err: unknown, fields: Readonly<Record<string, string>> = {}): string[] {
  if (!(err instanceof AyudaApiError)) return [];
  return [...new Set((err.problem.errors ?? []).flatMap((e) => (Object.hasOwn(fields, e.field) ? [fields[e.field]!] : [])))];
}

/**
 * Why an action failed, in the catalogue's words (never the server's English). A refused input
 * (400, 422) names the fields refused that `fields` has labels for (see refusedFields).
 */
export function refusalReason(cat: Catalogue, err: unknown, fields?: Readonly<Record<string, string>>): string {
  if (!(err instanceof AyudaApiError)) return cat.networkError;
  if (err.status === 400 || err.status === 422) {
    const named = refusedFields(err, fields);
    if (named.length) return cat.refusals.invalidFields(named);
  }
  if (err.status === 401) return cat.sessionExpired;
  if (err.status === 403) return cat.refusals.forbidden;
  if (err.status === 404) return cat.refusals.notFound;
  if (err.status === 409) return /closed/i.test(err.problem.detail ?? '') ? cat.refusals.closed : cat.refusals.conflict;
  if (err.status === 429) return cat.refusals.rateLimited;
  if (err.status === 400 || err.status === 422) return cat.refusals.invalid;
  if (err.status >= 500) return cat.refusals.unavailable;
  return cat.genericError;
}

export interface OptimisticAction<T> {
  /** What the action is, for the message if it is undone ("Assign to me"). */
  label: string;
  /** Changes the screen at once. */
  apply(): void;
  /** Puts the screen back as it was. */
  revert(): void;
  request(): Promise<T>;
  /** With the server's answer (e.g. replace the local copy with it). */
  confirm?(result: T): void;
  /** Announced once the server agreed. */
  success?: string;
  /** The labels of the fields the request sends, by the server's path (`body.amount`): a refusal names those refused. */
  fields?: Readonly<Record<string, string>>;
  /** Once undone, with the server's refusal (e.g. to mark the refused fields in the form). */
  refused?(err: unknown): void;
  /** A refusal the caller answers itself (e.g. by asking the user): undone without a message. */
  quiet?(err: unknown): boolean;
}

/** The server refused a change sent with a precondition (412 `precondition-failed`) that no longer holds. */
export const preconditionFailed = (err: unknown): boolean => err instanceof AyudaApiError && err.status === 412;

export class OptimisticController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  /** Actions sent and not yet answered. */
  pending = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Runs an action; resolves with the server's answer, or undefined when it was undone. */
  async run<T>(action: OptimisticAction<T>): Promise<T | undefined> {
    action.apply();
    this.pending++;
    this.#host.requestUpdate();
    try {
      const result = await action.request();
      action.confirm?.(result);
      if (action.success) notify(action.success);
      return result;
    } catch (err) {
      action.revert();
      if (!action.quiet?.(err)) {
        const cat = catalogue();
        notify(cat.serverRefused(action.label, refusalReason(cat, err, action.fields)), 'error');
      }
      action.refused?.(err);
      return undefined;
    } finally {
      this.pending--;
      this.#host.requestUpdate();
    }
  }
}
