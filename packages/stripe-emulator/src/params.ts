// Reads and validates decoded request parameters the way Stripe reports bad ones.
import type { Param, ParamObject } from './form.js';
import { invalid, missingParam, unknownParam } from './errors.js';
import type { Metadata } from './types.js';

/** Rejects any key of `params` not in `allowed` (Stripe answers `parameter_unknown`). */
export function allow(params: ParamObject, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw unknownParam(prefix ? `${prefix}[${key}]` : key);
  }
}

export function obj(params: ParamObject, key: string, prefix = ''): ParamObject | undefined {
  const v = params[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string' || Array.isArray(v)) {
    throw invalid(`Invalid object`, name(prefix, key), 'parameter_invalid_object');
  }
  return v;
}

export function arr(params: ParamObject, key: string, prefix = ''): Param[] | undefined {
  const v = params[key];
  if (v === undefined || v === '') return undefined;
  if (!Array.isArray(v)) throw invalid(`Invalid array`, name(prefix, key), 'parameter_invalid_array');
  return v;
}

const name = (prefix: string, key: string): string => (prefix ? `${prefix}[${key}]` : key);

export function str(params: ParamObject, key: string, prefix = ''): string | undefined {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(`Invalid string: ${JSON.stringify(v)}`, name(prefix, key), 'parameter_invalid_string');
  return v;
}

export function reqStr(params: ParamObject, key: string, prefix = ''): string {
  const v = str(params, key, prefix);
  if (v === undefined || v === '') throw missingParam(name(prefix, key));
  return v;
}

export function int(params: ParamObject, key: string, prefix = ''): number | undefined {
  const v = str(params, key, prefix);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw invalid(`Invalid integer: ${v}`, name(prefix, key), 'parameter_invalid_integer');
  return Number(v);
}

export function bool(params: ParamObject, key: string, prefix = ''): boolean | undefined {
  const v = str(params, key, prefix);
  if (v === undefined || v === '') return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalid(`Invalid boolean: ${v}`, name(prefix, key));
}

export function oneOf<T extends string>(params: ParamObject, key: string, values: readonly T[], prefix = ''): T | undefined {
  const v = str(params, key, prefix);
  if (v === undefined || v === '') return undefined;
  if (!(values as readonly string[]).includes(v)) {
    throw invalid(
      `Invalid ${name(prefix, key)}: must be one of ${values.join(', ')}`,
      name(prefix, key),
    );
  }
  return v as T;
}

export function expandList(params: ParamObject): string[] {
  const v = params.expand;
  if (v === undefined || v === '') return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => {
    if (typeof x !== 'string') throw invalid('Invalid expand', 'expand');
    return x;
  });
}

/**
 * Applies a `metadata` parameter to existing metadata with Stripe's rules: keys merge,
 * an empty value deletes a key, `metadata=` (empty string) clears everything.
 */
export function applyMetadata(current: Metadata, params: ParamObject, key = 'metadata', prefix = ''): Metadata {
  const v = params[key];
  if (v === undefined) return current;
  if (v === '') return {};
  if (typeof v === 'string' || Array.isArray(v)) throw invalid('Invalid metadata: must be an object', name(prefix, key));
  const out: Metadata = { ...current };
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') throw invalid(`Invalid metadata value for ${k}: must be a string`, `${name(prefix, key)}[${k}]`);
    if (k.length > 40) throw invalid(`Metadata keys can have at most 40 characters.`, `${name(prefix, key)}[${k}]`);
    if (value.length > 500) throw invalid(`Metadata values can have at most 500 characters.`, `${name(prefix, key)}[${k}]`);
    if (value === '') delete out[k];
    else out[k] = value;
  }
  if (Object.keys(out).length > 50) throw invalid('Metadata can have at most 50 keys.', name(prefix, key));
  return out;
}

export function currency(params: ParamObject, key = 'currency'): string {
  const c = reqStr(params, key).toLowerCase();
  if (!/^[a-z]{3}$/.test(c)) throw invalid(`Invalid currency: ${c}`, key);
  return c;
}

/** `created[gte]=...` or `created=...` as Stripe's list filters take them. */
export function rangeFilter(params: ParamObject, key: string): ((n: number) => boolean) | undefined {
  const v = params[key];
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string') {
    const n = int(params, key);
    return (x) => x === n;
  }
  const r = obj(params, key);
  if (!r) return undefined;
  allow(r, ['gt', 'gte', 'lt', 'lte'], key);
  const gt = int(r, 'gt', key);
  const gte = int(r, 'gte', key);
  const lt = int(r, 'lt', key);
  const lte = int(r, 'lte', key);
  return (x) =>
    (gt === undefined || x > gt) && (gte === undefined || x >= gte) && (lt === undefined || x < lt) && (lte === undefined || x <= lte);
}
