// Picks this chunk's words in the console's language.
import type { LocalizeController } from '../internal/localize.js';
import { KB_STRINGS, type KbStrings } from './i18n.js';

export const kbStrings = (l: LocalizeController): KbStrings => KB_STRINGS[l.cat.locale];

/** An editor's address. */
export const articleHref = (locale: string, slug: string): string => `#/kb/${locale}/${encodeURIComponent(slug)}`;

/** The `slug` and `translation` rule of the server (SlugSchema). */
export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
