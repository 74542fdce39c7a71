import { describe, expect, it } from 'vitest';
import { pageInterval, pageLocale, paymentErrorMessage } from './page-strings.js';

describe('pageLocale', () => {
  it("takes the first language the pages speak from the session's or customer's locales", () => {
    expect(pageLocale(['es'])).toBe('es');
    expect(pageLocale(['es-419'], 'en')).toBe('es');
    expect(pageLocale(['en-GB'], 'es')).toBe('en');
    expect(pageLocale(['fr', 'es-ES'])).toBe('es');
    expect(pageLocale([null, undefined, ''], 'es')).toBe('es');
  });

  it("reads Accept-Language for 'auto' and unknown languages, by quality, then falls back to English", () => {
    expect(pageLocale(['auto'], 'es-ES,es;q=0.9,en;q=0.8')).toBe('es');
    expect(pageLocale(['fr'], 'en;q=0.4, es;q=0.6')).toBe('es');
    expect(pageLocale([], 'es_ES')).toBe('es');
    expect(pageLocale([], 'es;q=0, en')).toBe('en');
    expect(pageLocale([], '*')).toBe('en');
    expect(pageLocale([], 'de-DE')).toBe('en');
    expect(pageLocale([])).toBe('en');
  });
});

describe('pageInterval', () => {
  it('says the interval in the singular or the plural', () => {
    expect(pageInterval('month', 1, 'es')).toBe(' / mes');
    expect(pageInterval('month', 6, 'es')).toBe(' / 6 meses');
    expect(pageInterval('year', 1, 'en')).toBe(' / year');
    expect(pageInterval('week', 2, 'en')).toBe(' / 2 weeks');
  });
});

describe('paymentErrorMessage', () => {
  it('words the error by its decline code, then its code; an unknown one gets a general sentence', () => {
    expect(paymentErrorMessage({ code: 'card_declined', decline_code: 'insufficient_funds' }, 'es')).toBe('Tu tarjeta no tiene fondos suficientes.');
    expect(paymentErrorMessage({ code: 'card_declined', decline_code: 'lost_card' }, 'es')).toBe('Tu tarjeta ha sido rechazada.');
    expect(paymentErrorMessage({ code: 'email_invalid' }, 'en', { email: ' ' })).toBe('Enter your email address.');
    expect(paymentErrorMessage({ code: 'email_invalid' }, 'en', { email: 'ana@' })).toBe('Enter a valid email address.');
    expect(paymentErrorMessage({ code: 'processing_error' }, 'es')).toBe('No se ha podido completar el pago. Inténtalo de nuevo.');
    expect(paymentErrorMessage({}, 'en')).toBe('Your payment could not be completed. Try again.');
    // A code the pages have no words for: English shows the API's own message, Spanish its generic sentence.
    expect(paymentErrorMessage({ code: 'resource_missing', message: "No such price: 'price_x'" }, 'en')).toBe("No such price: 'price_x'");
    expect(paymentErrorMessage({ code: 'resource_missing', message: "No such price: 'price_x'" }, 'es')).toBe('No se ha podido completar el pago. Inténtalo de nuevo.');
  });
});
