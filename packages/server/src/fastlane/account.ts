// This installation's side of the Stripe account, shared by the fast lane's modules: the
// gateway (or a 503 when payments are off), and the installation id that goes into every
// idempotency key and into the metadata of everything Ayuda creates in Stripe.
import { PROBLEM_TYPES } from '@ayuda/core';
import type { Database } from '../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError } from '../http/problem.js';
import type { StripeGateway } from '../billing/gateway.js';
import type { FastlaneConfig } from './config.js';
import * as store from './store.js';

export class StripeAccount {
  constructor(private readonly deps: { db: Database; fastlane: FastlaneConfig; gateway: StripeGateway | null }) {}

  #installation: Promise<string> | null = null;
  #installationKnown: string | null = null;

  get enabled(): boolean {
    return this.deps.fastlane.enabled && this.deps.gateway !== null;
  }

  get publishableKey(): string | null {
    return this.deps.gateway?.publishableKey ?? null;
  }

  /** The gateway, or 503 when payments are not configured. */
  gateway(): StripeGateway {
    if (!this.enabled || !this.deps.gateway) throw new AppError(503, PROBLEM_TYPES.notReady, 'Fast lane unavailable', 'Payments are not configured on this server (STRIPE_SECRET_KEY).');
    return this.deps.gateway;
  }

  /** The gateway, with the installation id loaded: call before any transaction opens (PGlite has one connection). */
  async ready(): Promise<StripeGateway> {
    const gateway = this.gateway();
    this.#installationKnown ??= await this.installationId();
    return gateway;
  }

  /** This database's random id (see the `installation` table). */
  installationId(): Promise<string> {
    this.#installation ??= store.installationId(this.deps.db.db).catch((err) => {
      this.#installation = null;
      throw err;
    });
    return this.#installation;
  }

  #inst(): string {
    if (!this.#installationKnown) throw new Error('Ayuda: the installation id is read before a money use case starts (await account.ready()).');
    return this.#installationKnown;
  }

  /**
   * Stripe idempotency key of one attempt of one logical action: unique per installation (two
   * databases on one Stripe account never share one) and per attempt (cancel, undo, cancel
   * again within Stripe's 24 hours is a new request, not a replay of the first).
   */
  key(action: string, actionId: string | number, attempt = 1): string {
    return `ayuda-${this.#inst()}-${action}-${actionId}-${attempt}`;
  }

  /** Metadata on everything Ayuda creates in Stripe. */
  metadata(extra: Record<string, string> = {}): Record<string, string> {
    return { ayuda: '1', installation: this.#inst(), ...extra };
  }

  /** True for metadata Ayuda wrote and no other installation did (older objects carry no installation). */
  async ownership(): Promise<{ ours(m: Record<string, string> | null | undefined): boolean; mine(m: Record<string, string> | null | undefined): boolean }> {
    const inst = await this.installationId();
    return {
      ours: (m) => m?.ayuda === '1' && (m.installation === undefined || m.installation === inst),
      mine: (m) => m?.ayuda === '1' && m.installation === inst,
    };
  }
}

/** True for Stripe's answer that an object does not exist (in this account and mode). */
export function isResourceMissing(err: unknown): boolean {
  const e = err as { code?: string; statusCode?: number; raw?: { code?: string } } | null;
  return !!e && (e.code === 'resource_missing' || e.raw?.code === 'resource_missing');
}

/** What every fast-lane module is built with; each adds the few collaborators it needs. */
export interface FastlaneDeps {
  db: Database;
  clock: Clock;
  config: Config;
  fastlane: FastlaneConfig;
}
