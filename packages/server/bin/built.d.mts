// Types for built.mjs, which the server's tests import.
export declare function builtCli(bundle?: URL, repo?: URL): string | null;
