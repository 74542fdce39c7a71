// Decodes Stripe's form encoding (`a[b][c]=x`, `items[0][price]=p`, `expand[]=x`) into nested values.

/** A decoded request parameter: a string leaf, a nested object or an array. */
export type Param = string | ParamObject | Param[];
export interface ParamObject {
  [key: string]: Param;
}

/** Splits `a[b][0][]` into `['a', 'b', '0', '']`. */
function splitKey(key: string): string[] | null {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const rest = key.slice(first);
  const re = /\[([^\]]*)\]/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(rest)) !== null) {
    parts.push(m[1] ?? '');
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length || parts[0] === '') return null;
  return parts;
}

type Tree = { [key: string]: Tree | string } | string;

/** Decodes `application/x-www-form-urlencoded` text into nested params. */
export function decodeForm(text: string): ParamObject {
  const root: { [key: string]: Tree } = {};
  const search = new URLSearchParams(text);
  const appendCounters = new Map<object, number>();
  for (const [rawKey, value] of search) {
    const parts = splitKey(rawKey) ?? [rawKey];
    let node: { [key: string]: Tree } = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i] as string;
      if (part === '') {
        // `a[]`: append at the next free index.
        const n = appendCounters.get(node) ?? Object.keys(node).length;
        appendCounters.set(node, n + 1);
        part = String(n);
      }
      if (i === parts.length - 1) {
        node[part] = value;
      } else {
        const next = node[part];
        if (typeof next === 'object') node = next;
        else {
          const created: { [key: string]: Tree } = {};
          node[part] = created;
          node = created;
        }
      }
    }
  }
  return normalise(root) as ParamObject;
}

/** Turns objects whose keys are all 0..n-1 into arrays. */
function normalise(tree: Tree): Param {
  if (typeof tree === 'string') return tree;
  const keys = Object.keys(tree);
  const isArray = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
  if (isArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => normalise(tree[String(k)] as Tree));
  }
  const out: ParamObject = {};
  for (const k of keys) out[k] = normalise(tree[k] as Tree);
  return out;
}

/** A canonical string for comparing two requests' parameters (idempotency). */
export function canonicalParams(params: ParamObject): string {
  const sort = (p: Param): unknown => {
    if (typeof p === 'string') return p;
    if (Array.isArray(p)) return p.map(sort);
    return Object.fromEntries(
      Object.keys(p)
        .sort()
        .map((k) => [k, sort(p[k] as Param)]),
    );
  };
  return JSON.stringify(sort(params));
}
