// The fast lane's user-facing text on the server: the offer, durations, the refund policy,
// refund reasons the customer reads in mail, and the names Stripe shows on checkout pages,
// invoices and receipts. Adding a language is one more entry here.
import type { Locale } from '@ayuda/core';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const FASTLANE_STRINGS = {
  es: {
    /** "1 hora laborable", "8 horas", "30 minutos laborables". */
    duration: (minutes: number, calendar: boolean) =>
      minutes % 60 === 0
        ? `${minutes / 60} ${calendar ? plural(minutes / 60, 'hora', 'horas') : plural(minutes / 60, 'hora laborable', 'horas laborables')}`
        : `${minutes} minutos${calendar ? '' : ' laborables'}`,
    refundPolicy: {
      beforeFirstReply: 'Si pagas por una consulta y aún no te hemos respondido, te devolvemos el importe al momento si lo pides.',
      slaGuarantee: 'Garantía: si no respondemos en el plazo prometido, te devolvemos el importe automáticamente.',
      cancelProrated: 'Puedes cancelar la suscripción cuando quieras: al final del periodo o ya, con la devolución de la parte no usada.',
      cancelAtPeriodEnd: 'Puedes cancelar la suscripción cuando quieras; seguirá activa hasta el final del periodo.',
    },
    reasons: {
      slaGuarantee: 'garantía de tiempo de respuesta',
      duplicatePayment: 'pago duplicado',
      proratedCancellation: 'cancelación con devolución de la parte no usada',
    },
    /** The Stripe Product of a plan in this language: checkout page, invoices, receipts. */
    productName: (service: string, plan: string) => `${service} · ${plan}`,
  },
  en: {
    duration: (minutes: number, calendar: boolean) =>
      minutes % 60 === 0
        ? `${minutes / 60} ${calendar ? plural(minutes / 60, 'hour', 'hours') : `business ${plural(minutes / 60, 'hour', 'hours')}`}`
        : `${minutes}${calendar ? '' : ' business'} minutes`,
    refundPolicy: {
      beforeFirstReply: 'If you pay for one request and we have not answered yet, ask and we refund it at once.',
      slaGuarantee: 'Guarantee: if we do not answer within the promised time, we refund you automatically.',
      cancelProrated: 'Cancel your subscription whenever you like: at the end of the period, or now with a refund of the unused part.',
      cancelAtPeriodEnd: 'Cancel your subscription whenever you like; it stays active until the end of the period.',
    },
    reasons: {
      slaGuarantee: 'response-time guarantee',
      duplicatePayment: 'duplicate payment',
      proratedCancellation: 'prorated cancellation',
    },
    productName: (service: string, plan: string) => `${service} · ${plan}`,
  },
} satisfies Record<Locale, unknown>;

export type FastlaneStrings = (typeof FASTLANE_STRINGS)['es'];

/** The catalogue of a language, Spanish for anything unknown (a customer row from before a language was added). */
export const fastlaneText = (locale: string): FastlaneStrings => FASTLANE_STRINGS[locale as Locale] ?? FASTLANE_STRINGS.es;
