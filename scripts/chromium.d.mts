// Types for chromium.mjs, which the TypeScript tests import.
export declare const CHROMIUM_CANDIDATES: readonly string[];
export declare const HEADLESS_SHELL_CANDIDATES: readonly string[];
export declare function findChromium(env?: Record<string, string | undefined>, candidates?: readonly string[]): string | null;
export declare function findTestChromium(env?: Record<string, string | undefined>, shells?: readonly string[], candidates?: readonly string[]): string | null;
export declare const CHROMIUM_MISSING: string;
