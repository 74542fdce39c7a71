// Phone numbers as customers type them, read with libphonenumber-js (Google's metadata, kept up
// to date by its maintainers) and kept in E.164, shown in the international format.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Locale } from '@ayuda/core';

/**
 * The country a number without its `+` prefix is read in when the request names none: Spain for
 * Spanish (the language's home market and the company's), none for English, whose speakers
 * are spread over too many countries to guess: they type the country code.
 */
export const PHONE_DEFAULT_COUNTRY: Readonly<Record<Locale, CountryCode | undefined>> = { es: 'ES', en: undefined };

export interface Phone {
  /** `+34612345678` */
  e164: string;
  /** `+34 612 34 56 78` */
  display: string;
}

/** The number in E.164 and its international format, or null when it is not a valid number. */
export function normalisePhone(raw: string, country: CountryCode | undefined): Phone | null {
  // "00" is the international prefix in most of Europe: "0034 612…" is "+34 612…".
  const text = raw.trim().replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  if (!parsed || !parsed.isValid()) return null;
  return { e164: parsed.number, display: parsed.formatInternational() };
}

/** The international format of a stored E.164 number (itself when it no longer parses). */
export function displayPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
