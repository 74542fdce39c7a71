// The words of the emulator's HTML pages, in Spanish and English: the one place they live.
// Real Stripe shows Checkout and the billing portal in the session's `locale`; with `auto` or
// none, in the browser's language (the portal first tries the customer's `preferred_locales`).
// Only the pages are translated: the REST API's error `message`s stay Stripe's English.
import type { StripeErrorBody } from './errors.js';
import type { Invoice } from './types.js';

export type PageLocale = 'es' | 'en';

export const PAGE_LOCALES: readonly PageLocale[] = ['es', 'en'];

/** The language of a Stripe locale or language tag (`es`, `es-419`, `en-GB`), if the pages speak it. */
function supported(tag: string): PageLocale | null {
  const language = tag.trim().toLowerCase().split(/[-_]/)[0];
  return PAGE_LOCALES.find((l) => l === language) ?? null;
}

/** The languages an `Accept-Language` header asks for, most wanted first (`q=0` dropped). */
function acceptLanguages(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

/**
 * The language a page is shown in: the first of `preferred` that the pages speak (a session's
 * `locale`, a customer's `preferred_locales`; `auto` and unknown languages are skipped), then the
 * browser's `Accept-Language`, then English.
 */
export function pageLocale(preferred: ReadonlyArray<string | null | undefined>, acceptLanguage?: string): PageLocale {
  for (const tag of preferred) {
    const locale = tag && tag !== 'auto' ? supported(tag) : null;
    if (locale) return locale;
  }
  for (const tag of acceptLanguages(acceptLanguage ?? '')) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return 'en';
}

export type RecurringInterval = 'day' | 'week' | 'month' | 'year';

/** A title and a sentence for a page that only says something (expired, paid, not found). */
export interface Message {
  title: string;
  text: string;
}

export interface PageStrings {
  banner: { name: string; text: string };
  checkout: {
    pay: string;
    subscribe: string;
    orderSummary: string;
    item: string;
    price: string;
    totalDueToday: string;
    email: string;
    payingAs: string;
    cardNumber: string;
    expiry: string;
    expiryPlaceholder: string;
    cvc: string;
    nameOnCard: string;
    testCards: string;
    cancelAndReturn: (account: string) => string;
  };
  /** Recurring intervals as `[one, other]`, chosen with `Intl.PluralRules`. */
  intervals: Record<RecurringInterval, readonly [string, string]>;
  /** What the checkout form shows when a payment fails, by Stripe error or decline code. */
  errors: {
    card_declined: string;
    insufficient_funds: string;
    test_mode_live_card: string;
    expired_card: string;
    incorrect_cvc: string;
    incorrect_number: string;
    invalid_expiry_month: string;
    invalid_expiry_year: string;
    invalid_cvc: string;
    incomplete_expiry: string;
    email_invalid: string;
    email_missing: string;
    payment_failed: string;
  };
  messages: {
    checkoutNotFound: Message;
    checkoutExpired: Message & { back: string };
    alreadyPaid: Message & { continue: string };
    paymentComplete: Message;
    checkoutMethodNotAllowed: Message;
    portalNotFound: Message;
    portalMethodNotAllowed: Message;
    subscriptionNotFound: Message;
    invoiceNotFound: Message;
    pageNotFound: (path: string) => Message;
  };
  portal: {
    title: (account: string) => string;
    heading: (account: string) => string;
    subscriptions: string;
    plan: string;
    status: string;
    action: string;
    noSubscriptions: string;
    canceled: string;
    canceledOn: (date: string) => string;
    endsOn: (date: string) => string;
    renewsOn: (date: string) => string;
    pastDueRenewsOn: (date: string) => string;
    cancel: string;
    dontCancel: string;
    invoices: string;
    number: string;
    date: string;
    total: string;
    noInvoices: string;
    returnTo: (account: string) => string;
    notices: { canceled: string; renewed: string };
  };
  invoice: {
    title: (number: string) => string;
    description: string;
    amount: string;
    total: string;
  };
  /** An invoice's `status`, in words. */
  invoiceStatus: Record<Invoice['status'], string>;
}

const en: PageStrings = {
  banner: { name: 'Stripe emulator', text: 'test mode, no real money. Use card 4242 4242 4242 4242.' },
  checkout: {
    pay: 'Pay',
    subscribe: 'Subscribe',
    orderSummary: 'Order summary',
    item: 'Item',
    price: 'Price',
    totalDueToday: 'Total due today',
    email: 'Email',
    payingAs: 'Paying as',
    cardNumber: 'Card number',
    expiry: 'Expiry (MM / YY)',
    expiryPlaceholder: '12 / 34',
    cvc: 'CVC',
    nameOnCard: 'Name on card',
    testCards:
      'Test cards: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 has insufficient funds; 4000 0000 0000 0341 pays now and fails on renewal.',
    cancelAndReturn: (account) => `Cancel and return to ${account}`,
  },
  intervals: { day: ['day', 'days'], week: ['week', 'weeks'], month: ['month', 'months'], year: ['year', 'years'] },
  // The same sentences as Stripe's API messages (cards.ts), as Stripe Checkout shows them in English.
  errors: {
    card_declined: 'Your card was declined.',
    insufficient_funds: 'Your card has insufficient funds.',
    test_mode_live_card:
      'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit: https://docs.stripe.com/testing.',
    expired_card: 'Your card has expired.',
    incorrect_cvc: "Your card's security code is incorrect.",
    incorrect_number: 'Your card number is incorrect.',
    invalid_expiry_month: "Your card's expiration month is invalid.",
    invalid_expiry_year: "Your card's expiration year is invalid.",
    invalid_cvc: "Your card's security code is invalid.",
    incomplete_expiry: "Your card's expiration date is incomplete.",
    email_invalid: 'Enter a valid email address.',
    email_missing: 'Enter your email address.',
    payment_failed: 'Your payment could not be completed. Try again.',
  },
  messages: {
    checkoutNotFound: { title: 'Checkout not found', text: 'This checkout link is not valid.' },
    checkoutExpired: { title: 'Checkout expired', text: 'This checkout session has expired. Go back and start again.', back: 'Go back' },
    alreadyPaid: { title: 'Already paid', text: 'This checkout session is complete.', continue: 'Continue' },
    paymentComplete: { title: 'Payment complete', text: 'Thank you. You can close this page.' },
    checkoutMethodNotAllowed: { title: 'Method not allowed', text: 'Use the form.' },
    portalNotFound: { title: 'Not found', text: 'This billing portal link is not valid.' },
    portalMethodNotAllowed: { title: 'Method not allowed', text: 'Use the buttons on the billing page.' },
    subscriptionNotFound: { title: 'Not found', text: 'No such subscription.' },
    invoiceNotFound: { title: 'Not found', text: 'No such invoice.' },
    pageNotFound: (path) => ({ title: 'Not found', text: `Nothing at ${path}.` }),
  },
  portal: {
    title: (account) => `Billing: ${account}`,
    heading: (account) => `${account}: billing`,
    subscriptions: 'Subscriptions',
    plan: 'Plan',
    status: 'Status',
    action: 'Action',
    noSubscriptions: 'No subscriptions.',
    canceled: 'Canceled',
    canceledOn: (date) => `Canceled on ${date}`,
    endsOn: (date) => `Ends on ${date}`,
    renewsOn: (date) => `Renews on ${date}`,
    pastDueRenewsOn: (date) => `Past due; renews on ${date}`,
    cancel: 'Cancel subscription',
    dontCancel: "Don't cancel",
    invoices: 'Invoices',
    number: 'Number',
    date: 'Date',
    total: 'Total',
    noInvoices: 'No invoices.',
    returnTo: (account) => `Return to ${account}`,
    notices: {
      canceled: 'Your subscription has been canceled. It stays active until the end of the current period.',
      renewed: 'Your subscription will renew as usual.',
    },
  },
  invoice: {
    title: (number) => `Invoice ${number}`,
    description: 'Description',
    amount: 'Amount',
    total: 'Total',
  },
  invoiceStatus: { draft: 'Draft', open: 'Open', paid: 'Paid', uncollectible: 'Uncollectible', void: 'Void' },
};

const es: PageStrings = {
  banner: { name: 'Emulador de Stripe', text: 'modo de prueba, sin dinero real. Usa la tarjeta 4242 4242 4242 4242.' },
  checkout: {
    pay: 'Pagar',
    subscribe: 'Suscribirse',
    orderSummary: 'Resumen del pedido',
    item: 'Concepto',
    price: 'Precio',
    totalDueToday: 'Total a pagar hoy',
    email: 'Correo electrónico',
    payingAs: 'Pagas como',
    cardNumber: 'Número de tarjeta',
    expiry: 'Caducidad (MM / AA)',
    expiryPlaceholder: '12 / 34',
    cvc: 'CVC',
    nameOnCard: 'Nombre del titular',
    testCards:
      'Tarjetas de prueba: 4242 4242 4242 4242 se acepta; 4000 0000 0000 0002 se rechaza; 4000 0000 0000 9995 no tiene fondos suficientes; 4000 0000 0000 0341 paga ahora y falla al renovar.',
    cancelAndReturn: (account) => `Cancelar y volver a ${account}`,
  },
  intervals: { day: ['día', 'días'], week: ['semana', 'semanas'], month: ['mes', 'meses'], year: ['año', 'años'] },
  errors: {
    card_declined: 'Tu tarjeta ha sido rechazada.',
    insufficient_funds: 'Tu tarjeta no tiene fondos suficientes.',
    test_mode_live_card:
      'Tu tarjeta ha sido rechazada. Estás en modo de prueba, pero has usado una tarjeta que no es de prueba. Las tarjetas de prueba válidas están en https://docs.stripe.com/testing.',
    expired_card: 'Tu tarjeta ha caducado.',
    incorrect_cvc: 'El código de seguridad de tu tarjeta es incorrecto.',
    incorrect_number: 'El número de tu tarjeta es incorrecto.',
    invalid_expiry_month: 'El mes de caducidad de tu tarjeta no es válido.',
    invalid_expiry_year: 'El año de caducidad de tu tarjeta no es válido.',
    invalid_cvc: 'El código de seguridad de tu tarjeta no es válido.',
    incomplete_expiry: 'La fecha de caducidad de tu tarjeta está incompleta.',
    email_invalid: 'Introduce un correo electrónico válido.',
    email_missing: 'Introduce tu correo electrónico.',
    payment_failed: 'No se ha podido completar el pago. Inténtalo de nuevo.',
  },
  messages: {
    checkoutNotFound: { title: 'Pago no encontrado', text: 'Este enlace de pago no es válido.' },
    checkoutExpired: { title: 'El pago ha caducado', text: 'Esta sesión de pago ha caducado. Vuelve atrás y empieza de nuevo.', back: 'Volver' },
    alreadyPaid: { title: 'Ya está pagado', text: 'Esta sesión de pago ya se ha completado.', continue: 'Continuar' },
    paymentComplete: { title: 'Pago completado', text: 'Gracias. Ya puedes cerrar esta página.' },
    checkoutMethodNotAllowed: { title: 'Método no permitido', text: 'Usa el formulario.' },
    portalNotFound: { title: 'No encontrado', text: 'Este enlace al portal de facturación no es válido.' },
    portalMethodNotAllowed: { title: 'Método no permitido', text: 'Usa los botones de la página de facturación.' },
    subscriptionNotFound: { title: 'No encontrado', text: 'No existe esa suscripción.' },
    invoiceNotFound: { title: 'No encontrado', text: 'No existe esa factura.' },
    pageNotFound: (path) => ({ title: 'No encontrado', text: `No hay nada en ${path}.` }),
  },
  portal: {
    title: (account) => `Facturación: ${account}`,
    heading: (account) => `${account}: facturación`,
    subscriptions: 'Suscripciones',
    plan: 'Plan',
    status: 'Estado',
    action: 'Acción',
    noSubscriptions: 'No hay suscripciones.',
    canceled: 'Cancelada',
    canceledOn: (date) => `Cancelada el ${date}`,
    endsOn: (date) => `Finaliza el ${date}`,
    renewsOn: (date) => `Se renueva el ${date}`,
    pastDueRenewsOn: (date) => `Pago pendiente; se renueva el ${date}`,
    cancel: 'Cancelar suscripción',
    dontCancel: 'No cancelar',
    invoices: 'Facturas',
    number: 'Número',
    date: 'Fecha',
    total: 'Total',
    noInvoices: 'No hay facturas.',
    returnTo: (account) => `Volver a ${account}`,
    notices: {
      canceled: 'Has cancelado tu suscripción. Seguirá activa hasta el final del periodo actual.',
      renewed: 'Tu suscripción se renovará como siempre.',
    },
  },
  invoice: {
    title: (number) => `Factura ${number}`,
    description: 'Descripción',
    amount: 'Importe',
    total: 'Total',
  },
  invoiceStatus: { draft: 'Borrador', open: 'Pendiente', paid: 'Pagada', uncollectible: 'Incobrable', void: 'Anulada' },
};

export const PAGE_STRINGS: Record<PageLocale, PageStrings> = { es, en };

/** " / month", " / 3 meses": a recurring price's interval, after its amount. */
export function pageInterval(interval: string, count: number, locale: PageLocale): string {
  const forms = PAGE_STRINGS[locale].intervals[interval as RecurringInterval];
  if (!forms) return ` / ${count > 1 ? `${count} ` : ''}${interval}`;
  const word = new Intl.PluralRules(locale).select(count) === 'one' ? forms[0] : forms[1];
  return ` / ${count > 1 ? `${new Intl.NumberFormat(locale).format(count)} ` : ''}${word}`;
}

/** A Unix time as a date in the page's language ("Mar 2, 2026", "2 mar 2026"), in UTC like the emulator's clock. */
export const pageDate = (unix: number, locale: PageLocale): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(unix * 1000));

/**
 * What the checkout form says about a failed payment, in the page's language. The API's
 * error is read for its codes only; its `message` stays Stripe's English for API callers.
 */
export function paymentErrorMessage(error: Pick<StripeErrorBody, 'code' | 'decline_code'> & { message?: string | undefined }, locale: PageLocale, submitted: { email?: string } = {}): string {
  const t = PAGE_STRINGS[locale].errors;
  if (error.code === 'email_invalid' && !submitted.email?.trim()) return t.email_missing;
  const byCode = (code: string | undefined): string | undefined => (code && Object.hasOwn(t, code) ? t[code as keyof typeof t] : undefined);
  if (error.code === 'card_declined') return byCode(error.decline_code) ?? t.card_declined;
  // A code without words of its own: in English the API's own message says more than a generic one.
  return byCode(error.code) ?? (locale === 'en' && error.message ? error.message : t.payment_failed);
}
