// custom-elements.json is generated from the components' JSDoc (@attr, @event, @csspart,
// @cssproperty, @slot) by `npm run build`. The plugin below keeps it to what a developer can
// use, so that a tool can trust it (tests/widget/manifest.test.ts checks it against the source):
//  - only the elements, their base class and the define/ entry points (with the tag each
//    registers); no test helpers, views, controllers or other internal modules;
//  - no internal state as attributes (`static properties` entries with `state: true` or
//    `attribute: false`), and no private members;
//  - events only under their real names (the analyzer also lists `new CustomEvent(name)` under
//    the variable's name);
//  - `@csspart search-*` (a component's parts forwarded with a prefix through `exportparts`)
//    written out as the real part names, from that component's own documented parts.

const EVENT_NAME = /^[a-z]+(-[a-z0-9]+)+$/;

function ayudaManifest() {
  /** Class name -> properties that are internal state. */
  const internal = new Map();
  /** Module path -> [tag, class name] it registers. */
  const defines = new Map();
  /** Class name -> names of the members its body declares (the analyzer also invents some from `this.#x.y = …`). */
  const declared = new Map();
  const isDeclared = (m, owner) => !!m.name && !m.name.startsWith('#') && m.privacy !== 'private' && (declared.get(m.inheritedFrom?.name ?? owner)?.has(m.name) ?? true);

  return {
    name: 'ayuda-manifest',
    analyzePhase({ ts, node, moduleDoc }) {
      if (ts.isClassDeclaration(node) && node.name) {
        declared.set(node.name.getText(), new Set(node.members.flatMap((m) => (m.name ? [m.name.getText()] : []))));
        for (const m of node.members) {
          const isStatic = m.modifiers?.some((k) => k.kind === ts.SyntaxKind.StaticKeyword);
          if (!isStatic || !ts.isPropertyDeclaration(m) || m.name.getText() !== 'properties' || !m.initializer || !ts.isObjectLiteralExpression(m.initializer)) continue;
          const names = internal.get(node.name.getText()) ?? new Set();
          for (const p of m.initializer.properties) {
            if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
            const option = (name) => p.initializer.properties.find((o) => ts.isPropertyAssignment(o) && o.name.getText() === name)?.initializer.kind;
            if (option('state') === ts.SyntaxKind.TrueKeyword || option('attribute') === ts.SyntaxKind.FalseKeyword) names.add(p.name.getText());
          }
          internal.set(node.name.getText(), names);
        }
      }
      // define('ayuda-x', AyudaX) in src/define/*.ts
      if (ts.isCallExpression(node) && node.expression.getText() === 'define' && node.arguments.length === 2 && ts.isStringLiteral(node.arguments[0])) {
        defines.set(moduleDoc.path, [node.arguments[0].text, node.arguments[1].getText()]);
      }
    },
    packageLinkPhase({ customElementsManifest: manifest }) {
      const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((d) => ({ module: m, d })));
      const byTag = new Map(elements.map((e) => [e.d.tagName, e.d]));
      const moduleOf = new Map(elements.map((e) => [e.d.name, e.module.path]));
      const bases = new Set(elements.flatMap((e) => (e.d.superclass?.module && e.d.superclass.name !== 'HTMLElement' ? [e.d.superclass.name] : [])));

      for (const { d } of elements) {
        const isInternal = (name, owner) => internal.get(owner ?? d.name)?.has(name);
        d.attributes = (d.attributes ?? []).filter((a) => !isInternal(a.fieldName, a.inheritedFrom?.name));
        d.members = (d.members ?? [])
          .filter((m) => isDeclared(m, d.name))
          .map((m) => (isInternal(m.name, m.inheritedFrom?.name) ? (({ attribute, reflects, ...rest }) => ({ ...rest, privacy: rest.privacy ?? 'protected' }))(m) : m));
        d.events = (d.events ?? []).filter((e) => EVENT_NAME.test(e.name));
        const parts = (d.cssParts ?? []).flatMap((p) => {
          if (!p.name.endsWith('-*')) return [p];
          const prefix = p.name.slice(0, -2);
          const inner = byTag.get(`ayuda-${prefix}`);
          if (!inner) throw new Error(`custom-elements.json: @csspart ${p.name} of <${d.tagName}> names no <ayuda-${prefix}>`);
          return (inner.cssParts ?? []).map((q) => ({ name: `${prefix}-${q.name}`, description: `${q.description} (\`<ayuda-${prefix}>\`'s \`${q.name}\`, forwarded)` }));
        });
        // One entry per name: a forwarded part can share its name with one of the element's own.
        const byName = new Map();
        for (const p of parts) byName.set(p.name, byName.has(p.name) ? { ...byName.get(p.name), description: `${byName.get(p.name).description} Also: ${p.description}` } : p);
        d.cssParts = [...byName.values()];
      }

      manifest.modules = manifest.modules.flatMap((m) => {
        if (defines.has(m.path)) {
          const [tag, className] = defines.get(m.path);
          if (!moduleOf.has(className)) throw new Error(`custom-elements.json: ${m.path} registers ${className}, which is not a documented element`);
          return [{ ...m, declarations: [], exports: [{ kind: 'custom-element-definition', name: tag, declaration: { name: className, module: moduleOf.get(className) } }] }];
        }
        if (m.path.startsWith('src/define/')) return [{ ...m, declarations: [], exports: [] }];
        const declarations = (m.declarations ?? []).filter((d) => (d.customElement && d.tagName) || (d.kind === 'class' && bases.has(d.name)));
        if (!declarations.length) return [];
        for (const d of declarations) {
          if (!d.tagName) {
            delete d.customElement; // a base class, not an element
            d.members = (d.members ?? []).filter((x) => isDeclared(x, d.name)).map((x) => (internal.get(d.name)?.has(x.name) ? (({ attribute, reflects, ...rest }) => rest)(x) : x));
            d.attributes = (d.attributes ?? []).filter((a) => !internal.get(d.name)?.has(a.fieldName));
          }
        }
        const names = new Set(declarations.map((d) => d.name));
        return [{ ...m, declarations, exports: (m.exports ?? []).filter((e) => names.has(e.declaration?.name) && (!e.declaration.module || e.declaration.module === m.path)) }];
      });
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.testing.ts', 'src/test-helpers.ts', 'src/test/**'],
  outdir: '.',
  // package.json names the manifest already ("customElements"); a run into another folder (the
  // manifest test) must not rewrite it.
  packagejson: false,
  litelement: true,
  plugins: [ayudaManifest()],
};
