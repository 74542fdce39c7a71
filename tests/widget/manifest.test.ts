// custom-elements.json against what the elements really have, read from their source: the tags
// (the define/ files, define/all.ts and HTMLElementTagNameMap), the events each element
// dispatches (and those of the elements inside it), the parts and slots in its templates
// (with the parts the panel and the launcher forward through `exportparts`), and its
// attributes (never a property that is internal state). The manifest is generated afresh from
// the sources with the package's own analyzer configuration.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PKG = fileURLToPath(new URL('../../packages/widget/', import.meta.url));
const SRC = join(PKG, 'src');

interface Part {
  name: string;
  description?: string;
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Array<{ name: string; fieldName?: string }>;
  members?: Array<{ name: string; privacy?: string; attribute?: string }>;
  events?: Part[];
  cssParts?: Part[];
  slots?: Part[];
}
interface Manifest {
  modules: Array<{ path: string; declarations?: Declaration[]; exports?: Array<{ kind: string; name: string; declaration: { name: string; module?: string } }> }>;
}

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') && !f.endsWith('.test.ts') ? [join(dir, f)] : []));
const read = (file: string) => readFileSync(file, 'utf8');
/**
 * The source of an element: every module in its folder (its views, controllers, model), and the
 * shared template helpers it imports from another folder (a module that renders markup but
 * defines no element, such as the announcements' item), whose parts it renders as its own.
 */
const sourceOf = (modulePath: string) => {
  const own = files(dirname(join(PKG, modulePath)));
  const helpers = new Set<string>();
  for (const f of own) {
    for (const m of read(f).matchAll(/from '(\.\.\/[\w-]+\/[\w-]+)\.js'/g)) {
      const target = join(dirname(f), `${m[1]}.ts`);
      if (own.includes(target)) continue;
      let text: string;
      try {
        text = read(target);
      } catch {
        continue;
      }
      // A folder of template helpers only (no element of its own), whose markup has parts.
      const folder = files(dirname(target)).map(read).join('\n');
      if (/\bpart="/.test(text) && !/extends \w*Element\b/.test(folder)) helpers.add(text);
    }
  }
  return [...own.map(read), ...helpers].join('\n');
};
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

let dir: string;
let manifest: Manifest;
let elements: Map<string, { decl: Declaration; module: string; source: string }>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ayuda-cem-'));
  const cem = join(dirname(createRequire(join(PKG, 'package.json')).resolve('@custom-elements-manifest/analyzer/package.json')), 'cem.js');
  const r = spawnSync(process.execPath, [cem, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(PKG, dir), '--quiet'], { cwd: PKG, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the analyzer failed: ${r.stderr}`);
  manifest = JSON.parse(read(join(dir, 'custom-elements.json'))) as Manifest;
  elements = new Map(
    manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => [d.tagName!, { decl: d, module: m.path, source: sourceOf(m.path) }] as const)),
  );
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const el = (tag: string) => elements.get(tag)!;

describe('custom-elements.json', () => {
  describe('tags', () => {
    const defineFiles = readdirSync(join(SRC, 'define')).filter((f) => f.endsWith('.ts'));
    const definedIn = (f: string) => [...read(join(SRC, 'define', f)).matchAll(/\bdefine\(\s*'(ayuda-[a-z-]+)'/g)].map((m) => m[1]!);
    const defined = sorted(defineFiles.flatMap(definedIn));

    it('lists exactly the tags the define/ files register, each with the class that registers it', () => {
      expect(defined.length).toBeGreaterThanOrEqual(8);
      expect(sorted(elements.keys())).toEqual(defined);
      const definitions = manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => ({ file: m.path, ...e })));
      expect(sorted(definitions.map((d) => d.name))).toEqual(defined);
      for (const d of definitions) {
        expect(definedIn(d.file.replace('src/define/', '')), d.file).toContain(d.name);
        expect(el(d.name).decl.name, d.name).toBe(d.declaration.name);
        expect(el(d.name).module, d.name).toBe(d.declaration.module);
      }
    });

    it('define/all.ts registers every tag', () => {
      const seen = new Set<string>();
      const visit = (f: string) => {
        if (seen.has(f)) return;
        seen.add(f);
        for (const m of read(join(SRC, 'define', f)).matchAll(/import\s+'\.\/([\w-]+)\.js'/g)) visit(`${m[1]}.ts`);
      };
      visit('all.ts');
      expect(sorted([...seen].flatMap(definedIn))).toEqual(defined);
    });

    it('declares every tag in HTMLElementTagNameMap', () => {
      const declared = files(SRC).flatMap((f) => [...read(f).matchAll(/interface HTMLElementTagNameMap\s*\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/'(ayuda-[a-z-]+)'\s*:/g)].map((x) => x[1]!)));
      expect(sorted(declared)).toEqual(defined);
    });

    it('holds only the elements, their base class and the define/ entry points: no test helpers or internals', () => {
      const paths = manifest.modules.map((m) => m.path);
      expect(paths.filter((p) => !p.startsWith('src/define/') && !elements.has(`ayuda-${p.split('/')[1]}`) && p !== 'src/internal/base.ts' && p !== 'src/widget/widget.ts')).toEqual([]);
      expect(paths.some((p) => /test|views|controller|internal\/(?!base)/.test(p))).toBe(false);
      const base = manifest.modules.find((m) => m.path === 'src/internal/base.ts')!.declarations!;
      expect(base.map((d) => [d.name, d.customElement ?? false])).toEqual([['AyudaElement', false]]);
    });
  });

  describe('events', () => {
    /** Names of the `ayuda-*` events a source dispatches: `emit(el, 'ayuda-x')`, `new CustomEvent('ayuda-x')`, or a constant holding the name. */
    const dispatched = (source: string) => {
      const constants = new Map([...source.matchAll(/const\s+([A-Z][A-Z_]*)\s*=\s*'(ayuda-[a-z-]+)'/g)].map((m) => [m[1]!, m[2]!]));
      return sorted(
        [...source.matchAll(/(?:\bemit\s*\(\s*(?:[\w.]+\s*,\s*)?|new\s+CustomEvent\s*\(\s*)(?:'(ayuda-[a-z-]+)'|([A-Z][A-Z_]*)\b)/g)].flatMap((m) => (m[1] ? [m[1]] : constants.has(m[2]!) ? [constants.get(m[2]!)!] : [])),
      );
    };
    /** The Ayuda elements an element shows inside itself. */
    const inner = (tag: string) => sorted([...el(tag).source.matchAll(/<(ayuda-[a-z-]+)[\s>]|createElement\(\s*'(ayuda-[a-z-]+)'/g)].map((m) => m[1] ?? m[2]!)).filter((t) => t !== tag && elements.has(t));
    const reachable = (tag: string, seen = new Set<string>()): string[] => {
      if (seen.has(tag)) return [];
      seen.add(tag);
      return sorted([...dispatched(el(tag).source), ...inner(tag).flatMap((t) => reachable(t, seen))]);
    };

    it('every element documents each event it dispatches, under its real name', () => {
      for (const [tag, { decl, source }] of elements) {
        const declared = sorted((decl.events ?? []).map((e) => e.name));
        expect(declared.filter((n) => !/^ayuda-[a-z]+(-[a-z]+)*$/.test(n)), tag).toEqual([]);
        expect(dispatched(source).filter((n) => !declared.includes(n)), `${tag}: dispatched but not documented`).toEqual([]);
        expect(declared.filter((n) => !reachable(tag).includes(n)), `${tag}: documented but never dispatched`).toEqual([]);
        for (const e of decl.events ?? []) expect(e.description, `${tag} ${e.name}`).toBeTruthy();
      }
      expect(dispatched(el('ayuda-fastlane').source)).toContain('ayuda-fastlane-refund');
    });
  });

  describe('parts and slots', () => {
    /** Part names in an element's templates; a name built at run time (`message-${author}`) gives a pattern. */
    const templateParts = (source: string) => {
      const names: string[] = [];
      const patterns: RegExp[] = [];
      for (const m of source.matchAll(/\bpart=(?:"([^"]*)"|\$\{([^}]*)\})/g)) {
        const tokens = m[1] !== undefined ? m[1].split(/\s+/) : [...m[2]!.matchAll(/'([^']*)'/g)].flatMap((x) => x[1]!.split(/\s+/));
        for (const t of tokens.filter(Boolean)) {
          if (t.includes('${')) patterns.push(new RegExp(`^${t.replace(/\$\{[^}]*\}/g, '[a-z]+')}$`));
          else names.push(t);
        }
      }
      // A child's parts passed on under new names, written out (`exportparts="base:survey,…"`).
      for (const m of source.matchAll(/\bexportparts="([^"$]*)"/g)) for (const pair of m[1]!.split(',')) names.push(pair.split(':').at(-1)!.trim());
      return { names: sorted(names), patterns };
    };
    const panelSource = () => el('ayuda-panel').source;
    /** The panel forwards its components' parts with a prefix: PARTS in panel.ts. */
    const forwarded = () => {
      const block = /const PARTS = \{([\s\S]*?)\n\};/.exec(panelSource())![1]!;
      return new Map([...block.matchAll(/'?([\w-]+)'?:\s*\[([^\]]*)\]/g)].map((m) => [m[1]!, [...m[2]!.matchAll(/'([\w-]+)'/g)].map((x) => x[1]!)]));
    };
    /** The real parts of each element, as `::part()` reaches them from outside it. */
    const realParts = (tag: string): { names: string[]; patterns: RegExp[] } => {
      const own = templateParts(el(tag).source);
      if (tag === 'ayuda-panel') {
        return { names: sorted([...own.names, ...[...forwarded()].flatMap(([prefix, parts]) => parts.map((p) => `${prefix}-${p}`))]), patterns: own.patterns };
      }
      if (tag === 'ayuda-widget') {
        // The panel sits in the launcher's shadow root, as part `panel`, and exports its own parts
        // (some renamed) and the prefixed parts it forwards: PANEL_EXPORTED_PARTS.
        const host = [...panelSource().matchAll(/setAttribute\(\s*'part'\s*,\s*'([\w-]+)'/g)].map((m) => m[1]!);
        const list = /PANEL_EXPORTED_PARTS = \[([^\]]*?)\.\.\./.exec(panelSource())![1]!;
        const exported = [...list.matchAll(/'([\w:-]+)'/g)].map((m) => m[1]!.split(':'));
        const panelOwn = templateParts(panelSource()).names;
        for (const [from] of exported) expect(panelOwn, `the panel exports ${from}`).toContain(from);
        return { names: sorted([...own.names, ...host, ...exported.map((e) => e.at(-1)!), ...realParts('ayuda-panel').names.filter((n) => !panelOwn.includes(n))]), patterns: [] };
      }
      return own;
    };

    it('the panel forwards exactly the parts of the components it shows', () => {
      for (const [prefix, parts] of forwarded()) {
        const inner = realParts(`ayuda-${prefix}`);
        expect(inner.patterns, prefix).toEqual([]);
        expect(sorted(parts), `PARTS.${prefix} in panel.ts`).toEqual(inner.names);
      }
    });

    it('every element documents each part it has, and no other', () => {
      for (const tag of elements.keys()) {
        const documented = sorted((el(tag).decl.cssParts ?? []).map((p) => p.name));
        const real = realParts(tag);
        expect(real.names.length, tag).toBeGreaterThan(0);
        expect(real.names.filter((n) => !documented.includes(n)), `${tag}: parts not documented`).toEqual([]);
        expect(documented.filter((n) => !real.names.includes(n) && !real.patterns.some((p) => p.test(n))), `${tag}: documented parts it does not have`).toEqual([]);
        for (const p of real.patterns) expect(documented.some((n) => p.test(n)), `${tag}: ${p}`).toBe(true);
        for (const p of el(tag).decl.cssParts ?? []) expect(p.description, `${tag} ${p.name}`).toBeTruthy();
      }
      expect(el('ayuda-widget').decl.cssParts!.map((p) => p.name)).toContain('search-input');
    });

    it('every element documents each slot it has', () => {
      for (const [tag, { decl, source }] of elements) {
        const real = sorted([...source.matchAll(/<slot(?:\s+name="([\w-]+)")?/g)].map((m) => m[1] ?? ''));
        expect(sorted((decl.slots ?? []).map((s) => s.name)), tag).toEqual(real);
      }
      expect(el('ayuda-fastlane').decl.slots!.map((s) => s.name)).toEqual(['checkout']);
    });
  });

  describe('attributes', () => {
    /** `static properties = { name: { … } }` of a module: attribute name, or null for internal state. */
    const properties = (file: string) => {
      const block = /static (?:override )?properties(?::[^=]+)? = \{([\s\S]*?)\n {2}\};/.exec(read(join(PKG, file)))?.[1] ?? '';
      return new Map(
        [...block.matchAll(/(\w+):\s*\{([^}]*)\}/g)].map((m) => {
          const opts = m[2]!;
          if (/state:\s*true|attribute:\s*false/.test(opts)) return [m[1]!, null] as const;
          return [m[1]!, /attribute:\s*'([\w-]+)'/.exec(opts)?.[1] ?? m[1]!.toLowerCase()] as const;
        }),
      );
    };

    it('lists each real attribute and no internal state', () => {
      const base = properties('src/internal/base.ts');
      expect(base.get('cat')).toBe(null);
      for (const [tag, { decl, module }] of elements) {
        const names = sorted((decl.attributes ?? []).map((a) => a.name));
        if (tag === 'ayuda-widget') {
          const passed = [.../PASSED = \[([^\]]*)\]/.exec(read(join(PKG, module)))![1]!.matchAll(/'([\w-]+)'/g)].map((m) => m[1]!);
          expect(names, tag).toEqual(sorted([...passed, 'preload', 'open']));
          continue;
        }
        const props = new Map([...base, ...properties(module)]);
        expect(names, tag).toEqual(sorted([...props.values()].filter((a): a is string => a !== null)));
        const internalState = [...props].filter(([, a]) => a === null).map(([p]) => p);
        expect(internalState.length, tag).toBeGreaterThan(0);
        for (const m of decl.members ?? []) if (internalState.includes(m.name)) expect(m.attribute, `${tag} ${m.name}`).toBeUndefined();
      }
    });
  });
});
