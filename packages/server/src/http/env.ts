import type { Logger } from './logger.js';

/** Hono's per-request variables in this app. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    staff: { id: number; name: string };
    /** Parse each API answer with its schema (not in production): see respond.ts. */
    checkAnswers: boolean;
  };
};
