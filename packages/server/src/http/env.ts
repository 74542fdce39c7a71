import type { Logger } from './logger.js';
import type { StaffActor } from '../staff/actor.js';

/** Hono's per-request variables in this app. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    staff: StaffActor;
    /** Parse each API answer with its schema (not in production): see respond.ts. */
    checkAnswers: boolean;
  };
};
