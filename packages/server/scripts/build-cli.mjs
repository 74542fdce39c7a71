#!/usr/bin/env node
// Builds the `ayuda` command into dist/cli/, files that plain Node runs: the server and the
// workspace packages it uses (@ayuda/core, @ayuda/stripe-emulator, ...) bundled from their
// TypeScript sources, every other package imported from node_modules as usual. The server itself
// is a chunk of its own, loaded (as from the sources) only once a command's arguments are checked,
// so `--help` and a refused option stay quick. bin/ayuda.js runs dist/cli/ayuda.mjs when it is
// newer than each source it was built from (listed in dist/cli/inputs.json), and the sources
// through tsx otherwise, so an edit is never missed.
// Why: through tsx, each command spends about 1.5 s (2.5 s of CPU) compiling and resolving some
// 300 modules before it does anything. Each worker of `ayuda start --workers N` is such a
// process, and so is each command the tests spawn.
// `npm start`, `npm run build` and `npm test` run it; it takes about a second.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const repo = resolve(root, '../..');
// `--out <folder>` builds elsewhere (the test of this script).
const at = process.argv.indexOf('--out');
const out = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : resolve(root, 'dist/cli');

const result = await build({
  entryPoints: { ayuda: resolve(root, 'src/cli.ts') },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The workspace packages from their sources, as tsx runs them (see bin/sources.mjs).
  conditions: ['ayuda-source'],
  metafile: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'ayuda-cli',
      setup(b) {
        // Packages other than the workspace's own stay imports, resolved from node_modules when the file runs.
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@ayuda/') ? undefined : { path: args.path, external: true }));
        // A source file finds its neighbours (migrations, the demo, the widget's build) from its own
        // address: in the bundle, that is the address of the source file it came from.
        b.onLoad({ filter: /\.ts$/ }, async (args) => {
          let contents = await readFile(args.path, 'utf8');
          if (contents.includes('import.meta.url')) {
            const from = relative(out, args.path).split('\\').join('/');
            contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(from)}, import.meta.url).href`);
          }
          return { contents, loader: 'ts' };
        });
      },
    },
  ],
});

// Chunks of earlier builds go (their names carry a hash of their contents).
const written = new Set(Object.keys(result.metafile.outputs).map((p) => basename(p)));
for (const f of await readdir(out)) if (f.endsWith('.mjs') && !written.has(f)) await rm(resolve(out, f));
// The sources the files were built from, relative to the repository: bin/ayuda.js compares their times with the entry's.
const inputs = Object.keys(result.metafile.inputs).map((p) => relative(repo, resolve(process.cwd(), p)).split('\\').join('/'));
await writeFile(resolve(out, 'inputs.json'), `${JSON.stringify(inputs)}\n`);
