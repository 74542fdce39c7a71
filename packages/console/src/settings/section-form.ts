// What one settings section's form is: its schema (the same @ayuda/core schema the server and
// its file use), its strings in both languages, and a render function over a FormContext that
// holds the draft value, the errors by field path and where each field's value comes from.
// A new section is one module exporting a SectionForm, added to SECTION_FORMS (./forms/index.ts).
import { html, nothing, type TemplateResult } from 'lit';
import type { SettingsSection } from '@ayuda/client/staff';
import type { ConsoleLocale } from '../internal/localize.js';
import type { SettingsStrings } from './i18n.js';
import type { HistoryField, Path } from './history-diff.js';

/** Every form's strings have at least these. */
export interface SectionStrings {
  /** The section's name in the nav and its heading. */
  title: string;
  /** One or two sentences under the heading: what the section changes. */
  intro: string;
  /** The name of each top-level field (the keys of the section's `fields`), for its source badge. */
  fields: Record<string, string>;
}

export interface FormContext<V> {
  /** The value being edited (a copy of the section's; change it with `change`). */
  readonly draft: V;
  readonly view: SettingsSection;
  readonly locale: ConsoleLocale;
  /** The fast lane's currency (ISO 4217, lower case), for amounts. */
  readonly currency: string;
  /** The screen's common strings (Add, Remove, the badges). */
  readonly common: SettingsStrings;
  /** Changes the draft (re-rendered; checked again once a save was tried). */
  change(mutate: (draft: V) => void): void;
  /** The error of a field path (`hours.week.mon.0.to`); the path counts as shown at its field. */
  error(path: string): string | undefined;
  /** Sets or clears a field's error from the browser (e.g. an entry refused before it joins a list). */
  setError(path: string, message: string | null): void;
  /** What an input shows while it is typed in (a number being typed may not be one yet). */
  raw(key: string, fallback: string): string;
  setRaw(key: string, value: string): void;
  /** Moves the focus to the element of this id once the change is on screen (after a Remove, whose button goes). */
  focusAfter(id: string): void;
  /**
   * Forgets what inputs show while typed and the browser's own errors under a path prefix
   * (`plans.`): after entries of a list move or go, those kept by position would belong to
   * another entry.
   */
  forget(prefix: string): void;
  /** The small badge saying where a top-level field's value comes from. */
  source(field: string): TemplateResult;
}

/** A check as zod reports it (the console does not import zod's types). */
export interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
}

/** A section's schema, from @ayuda/core (zod). */
export interface Schema {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly Issue[] } };
}

export interface SectionForm<V = any, S extends SectionStrings = any> {
  schema: Schema;
  strings: { es: S; en: S };
  render(ctx: FormContext<V>, s: S): TemplateResult;
  /** Said after a successful save, besides "saved" (e.g. what happens to open cases). */
  afterSave?(s: S): string;
  /**
   * How the history names a path of the value (`['hours', 'week', 'mon']`) and shows its values,
   * with the form's own labels; undefined where it has none (the history then names it from the keys).
   */
  historyField?(path: Path, s: S, ctx: HistoryContext): HistoryField | undefined;
}

/** What a form's `historyField` may need besides its strings. */
export interface HistoryContext {
  locale: ConsoleLocale;
  /** The fast lane's currency (ISO 4217, lower case), for amounts. */
  currency: string;
}

/** An id for a field path, for `id`, `for` and `aria-describedby`. */
export const fieldId = (path: string) => `f-${path.replace(/[^\w-]/g, '-')}`;
export const errorId = (path: string) => `${fieldId(path)}-error`;

/** The attributes of an input whose path may have an error. */
export function errorText(ctx: FormContext<unknown>, path: string): TemplateResult | typeof nothing {
  const message = ctx.error(path);
  return message ? html`<span class="field-error error" id=${errorId(path)}>${message}</span>` : nothing;
}

interface InputOptions {
  path: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'number' | 'url' | 'date';
  hint?: string;
  min?: number;
  max?: number;
  maxlength?: number;
  inputmode?: 'numeric' | 'decimal' | 'url' | 'email' | 'text';
  placeholder?: string;
  /** A pattern the value should match (shown as invalid by the browser's CSS, checked by the schema). */
  pattern?: string;
  autocomplete?: string;
  wide?: boolean;
}

/** A labelled input with its error (and hint) under it, described by both. */
export function inputField(ctx: FormContext<unknown>, o: InputOptions): TemplateResult {
  const message = ctx.error(o.path);
  const hintId = o.hint ? `${fieldId(o.path)}-hint` : '';
  const describedBy = [message ? errorId(o.path) : '', hintId].filter(Boolean).join(' ');
  return html`<label class="field ${o.wide ? 'wide' : ''}" for=${fieldId(o.path)}>
    <span>${o.label}</span>
    <input
      id=${fieldId(o.path)}
      name=${o.path}
      type=${o.type ?? 'text'}
      .value=${o.value}
      min=${o.min ?? nothing}
      max=${o.max ?? nothing}
      maxlength=${o.maxlength ?? nothing}
      inputmode=${o.inputmode ?? nothing}
      placeholder=${o.placeholder ?? nothing}
      pattern=${o.pattern ?? nothing}
      autocomplete=${o.autocomplete ?? 'off'}
      aria-invalid=${message ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
      @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
    />
    ${o.hint ? html`<span class="hint muted" id=${hintId}>${o.hint}</span>` : nothing}
    ${message ? html`<span class="field-error error" id=${errorId(o.path)}>${message}</span>` : nothing}
  </label>`;
}

/** `'12'` → 12; anything that is not a whole number → NaN (the schema then says so). */
export const wholeNumber = (v: string): number => (/^\s*-?\d+\s*$/.test(v) ? Number(v) : Number.NaN);

/** A whole-number input over a numeric field of the draft. */
export function numberField(ctx: FormContext<unknown>, o: Omit<InputOptions, 'value' | 'onInput' | 'type'> & { value: number; set: (n: number) => void }): TemplateResult {
  const shown = ctx.raw(o.path, Number.isFinite(o.value) ? String(o.value) : '');
  return inputField(ctx, {
    ...o,
    type: 'text',
    inputmode: 'numeric',
    value: shown,
    onInput: (v) => {
      ctx.setRaw(o.path, v);
      ctx.change(() => o.set(wholeNumber(v)));
    },
  });
}

/** A zod issue in the screen's language: the schema's own message when it wrote one. */
export function issueMessage(i: Issue, t: SettingsStrings): string {
  switch (i.code) {
    case 'invalid_type':
      return i.expected === 'number' || i.expected === 'int' ? t.wholeNumber : t.required;
    case 'too_small':
      if (i.origin === 'string' && Number(i.minimum) <= 1) return t.required;
      return i.origin === 'number' ? t.atLeast(Number(i.minimum)) : i.origin === 'string' ? t.invalid : t.required;
    case 'too_big':
      return i.origin === 'number' ? t.atMost(Number(i.maximum)) : i.origin === 'string' ? t.tooLong(Number(i.maximum)) : t.tooMany(Number(i.maximum));
    case 'invalid_value':
      return t.chooseOne;
    default:
      return t.schemaMessages[i.message] ?? i.message;
  }
}

/** The errors of a value under a schema, by field path (the first per path). */
export function validate(schema: Schema, value: unknown, t: SettingsStrings): { ok: true; data: unknown } | { ok: false; errors: Record<string, string> } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issueMessage(issue, t);
  }
  return { ok: false, errors };
}
