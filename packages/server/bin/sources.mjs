// Runs this repository's TypeScript directly: tsx compiles it on the fly, and the workspace
// packages (@ayuda/core, @ayuda/client, ...) resolve to their sources through their
// "ayuda-source" export condition instead of their built `dist/`, so no build step is needed
// and an edit in one package is seen at once by the others. Published packages use `dist/`.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

export const SOURCE_CONDITION = 'ayuda-source';

const hook = `export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes(${JSON.stringify(SOURCE_CONDITION)}) ? context.conditions : [...context.conditions, ${JSON.stringify(SOURCE_CONDITION)}];
  return next(specifier, { ...context, conditions });
}`;

let done = false;
export function runFromSources() {
  if (done) return;
  done = true;
  registerTsx();
  // Registered after tsx, so it runs first and hands tsx the extra condition.
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
