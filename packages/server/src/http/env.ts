import type { Logger } from './logger.js';
import type { StaffActor } from '../staff/actor.js';
import type { ActiveSession } from '../staff/service.js';
import type { AuditNote } from '../staff/middleware.js';

/** Hono's per-request variables in this app. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    staff: StaffActor;
    /** The staff session of the cookie, when the request was authenticated by one (not by a token). */
    staffSession: ActiveSession | undefined;
    /** What the audit log records of this request, when a route knows better than its path; `false`: nothing. */
    audit: AuditNote | false | undefined;
    /** Parse each API answer with its schema (not in production): see respond.ts. */
    checkAnswers: boolean;
    /** Set by the not-found handler: no route matched, so /metrics counts the request under `unmatched`. */
    unmatched: boolean | undefined;
  };
};
