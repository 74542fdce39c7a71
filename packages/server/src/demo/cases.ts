// The demo's cases (`npm start`): a Nubefibra support day already under way, so the console's
// queue can be tried at once, after a few weeks of answered cases, so the widget and the portal
// show the team's usual reply time ("Normalmente respondemos en 3 h") on a fresh demo. Added through the real services (submission, staff replies,
// assignment, the customer's reply, the fast lane's checkout paid in the local Stripe
// emulator), so due times, history, search and mail are what a real day would leave. Only on
// an empty database and never in production; customers are example.com addresses, and their
// mail goes where the demo's mail goes (the development mailbox, /dev/mailbox).
import type { CaseStatus, Locale } from '@ayuda/core';
import type { StripeEmulator } from '@ayuda/stripe-emulator';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { createApp, type AyudaApp } from '../app.js';
import { fixedClock, systemClock, type Clock } from '../clock.js';
import { createLogger, type Logger } from '../http/logger.js';
import type { StaffActor } from '../staff/actor.js';
import { userByEmail } from '../staff/store.js';
import { DEMO_STAFF } from '../staff/demo.js';

/** The test card the emulator accepts. */
const DEMO_CARD = '4242424242424242';

type Step =
  | { do: 'reply'; by: 'agent' | 'admin'; body: string; status?: CaseStatus }
  | { do: 'note'; by: 'agent' | 'admin'; body: string }
  | { do: 'assign'; to: 'agent' | 'admin' }
  | { do: 'customer'; body: string }
  | { do: 'lane'; by: 'agent' | 'admin'; lane: 'fast'; reason: string };

export interface DemoCase {
  /** Minutes before now that the customer wrote. */
  ageMinutes: number;
  name: string;
  email: string;
  locale: Locale;
  category: string;
  subject: string;
  description: string;
  /** What happened next, each so many minutes before now (after the case was opened). */
  then?: Array<Step & { minutesAgo: number }>;
  /** The customer pays for the fast lane now (only when the local Stripe emulator runs). */
  paid?: true;
}

/**
 * The demo's day. With the default hours (Madrid, 9:00 to 18:00 on weekdays) the standard first
 * response is due within 8 business hours, so a case four calendar days old with no answer is
 * past its target whatever the day.
 */
export const DEMO_CASES: readonly DemoCase[] = [
  {
    ageMinutes: 4 * 24 * 60 + 35,
    name: 'Pedro Sánchez',
    email: 'pedro.sanchez@example.com',
    locale: 'es',
    category: 'billing',
    subject: 'Me habéis cobrado dos veces la factura de octubre',
    description: 'Hola, en el banco me aparecen dos cargos de 39,90 € de Nubefibra del 3 de octubre. Solo tengo una línea contratada. ¿Me podéis devolver uno de los dos?\n\nGracias,\nPedro',
  },
  {
    ageMinutes: 3 * 24 * 60 + 200,
    name: 'Laura Gómez',
    email: 'laura.gomez@example.com',
    locale: 'es',
    category: 'mobile',
    subject: 'Portabilidad de mi número móvil',
    description: 'Quiero traer mi número de móvil desde otra compañía a Nubefibra. ¿Qué necesito y cuánto tarda? ¿Me quedo sin línea algún día?',
    then: [{ minutesAgo: 3 * 24 * 60 + 90, do: 'reply', by: 'agent', status: 'solved', body: 'Hola Laura:\n\nLa portabilidad es gratuita y tarda **un día laborable**: solo necesitamos tu DNI y el número actual. El cambio se hace de madrugada, así que no te quedas sin línea. Ya la hemos solicitado; te llegará un SMS cuando esté hecha.\n\nUn saludo,\nMarta' }],
  },
  {
    ageMinutes: 2 * 24 * 60 + 60,
    name: 'James Carter',
    email: 'james.carter@example.com',
    locale: 'en',
    category: 'router-wifi',
    subject: 'Wi-Fi drops in the bedroom every evening',
    description: 'Hi, the Wi-Fi works fine in the living room but in the bedroom it keeps dropping, mostly in the evenings. The router is in the hall. Is there anything I can do?',
    then: [
      { minutesAgo: 2 * 24 * 60 + 20, do: 'assign', to: 'agent' },
      { minutesAgo: 2 * 24 * 60, do: 'reply', by: 'agent', body: 'Hi James,\n\nEvenings are when your neighbours’ networks are busiest. Could you try two things and tell us how it goes?\n\n1. In the router’s settings, switch the 2.4 GHz channel to *Automatic*.\n2. Move the router off the floor, away from the hall mirror if there is one.\n\nIf it still drops, we can send you a Wi-Fi mesh point.\n\nBest,\nMarta' },
    ],
  },
  {
    ageMinutes: 26 * 60,
    name: 'Javier Moreno',
    email: 'javier.moreno@example.com',
    locale: 'es',
    category: 'router-wifi',
    subject: 'El router se reinicia solo varias veces al día',
    description: 'Desde la semana pasada el router se apaga y se vuelve a encender solo, unas tres o cuatro veces al día. Se nota sobre todo en las videollamadas del trabajo.',
    then: [
      { minutesAgo: 24 * 60, do: 'assign', to: 'admin' },
      { minutesAgo: 23 * 60, do: 'reply', by: 'admin', body: 'Hola Javier:\n\n¿Nos puedes decir qué luces tiene encendidas el router justo después de reiniciarse, y si está enchufado a una regleta? Con eso vemos si es el equipo o la alimentación.\n\nUn saludo,\nAna' },
      { minutesAgo: 2 * 60, do: 'customer', body: 'Está enchufado a una regleta, sí. Después de reiniciarse parpadea la luz de «Internet» en naranja un par de minutos. Lo he enchufado directamente a la pared esta mañana y de momento bien.' },
    ],
  },
  {
    ageMinutes: 22 * 60,
    name: 'Sarah Mitchell',
    email: 'sarah.mitchell@example.com',
    locale: 'en',
    category: 'moving',
    subject: 'Moving house next month: can I keep my fibre?',
    description: 'Hello, we are moving from Valencia to Castellón on the 15th of next month. Can I take my fibre contract with me, and will there be a fee? I work from home so I would rather not be offline for long.',
    then: [
      { minutesAgo: 21 * 60, do: 'assign', to: 'agent' },
      { minutesAgo: 21 * 60 - 5, do: 'note', by: 'agent', body: 'Checked coverage: the new address in Castellón has fibre. Ask for the exact date before booking the installer.' },
    ],
  },
  {
    ageMinutes: 3 * 60 + 10,
    name: 'Carmen López',
    email: 'carmen.lopez@example.com',
    locale: 'es',
    category: 'contracts',
    subject: 'Quiero cambiar a la fibra de 1 Gb',
    description: 'Tengo contratada la fibra de 300 Mb y me gustaría subir a la de 1 Gb. ¿Cambia la permanencia? ¿Hace falta cambiar el router?',
  },
  {
    ageMinutes: 50,
    name: 'Tom Becker',
    email: 'tom.becker@example.com',
    locale: 'en',
    category: 'mobile',
    subject: 'No mobile data while roaming in Portugal',
    description: 'I am in Lisbon for work and my phone shows “Nubefibra” with full bars, but mobile data does not work at all. Calls and texts are fine. Roaming is switched on in the phone.',
  },
  {
    ageMinutes: 35,
    name: 'Lucía Fernández',
    email: 'lucia.fernandez@example.com',
    locale: 'es',
    category: 'outages',
    subject: 'Sin conexión desde esta mañana',
    description: 'No tengo internet desde las 8 de la mañana. La luz «PON» del router parpadea en rojo. Ya lo he reiniciado dos veces. Teletrabajo y lo necesito cuanto antes.',
    paid: true,
  },
];

/** One solved case of the past weeks: written `days` ago, answered (and solved) `waitMinutes` later. */
interface PastCase {
  days: number;
  name: string;
  email: string;
  locale: Locale;
  category: string;
  subject: string;
  description: string;
  reply: string;
  waitMinutes: number;
  /** The customer had the fast lane: moved there 5 minutes after writing; the wait counts from then. */
  fast?: true;
}

const pastCase = (p: PastCase): DemoCase => {
  const ageMinutes = p.days * 24 * 60;
  const start = p.fast ? ageMinutes - 5 : ageMinutes;
  return {
    ageMinutes,
    name: p.name,
    email: p.email,
    locale: p.locale,
    category: p.category,
    subject: p.subject,
    description: p.description,
    then: [
      ...(p.fast ? [{ minutesAgo: start, do: 'lane' as const, by: 'agent' as const, lane: 'fast' as const, reason: p.locale === 'es' ? 'Cliente con Soporte prioritario' : 'Customer with Priority support' }] : []),
      { minutesAgo: start - p.waitMinutes, do: 'reply' as const, by: p.fast ? ('admin' as const) : ('agent' as const), status: 'solved' as const, body: p.reply },
    ],
  };
};

/**
 * The weeks before the demo's day: solved cases, all within the last 30 days, answered in 1 h 35
 * to 5 h on the standard lane and in 12 to 35 min on the fast lane. With the day's answered cases
 * the usual first answer reads 3 h on the standard lane and 20 min on the fast one.
 */
export const DEMO_HISTORY: readonly DemoCase[] = (
  [
    { days: 26, name: 'Marta Ruiz', email: 'marta.ruiz@example.com', locale: 'es', category: 'billing', subject: 'No encuentro la factura de septiembre', description: 'No me ha llegado por correo la factura de septiembre. ¿Dónde la puedo descargar?', reply: 'Hola Marta:\n\nLa tienes en el área de cliente, en «Facturas». También te la hemos reenviado por correo.\n\nUn saludo,\nMarta', waitMinutes: 95 },
    { days: 23, name: 'Oliver Hughes', email: 'oliver.hughes@example.com', locale: 'en', category: 'router-wifi', subject: 'How do I change the Wi-Fi password?', description: 'I would like to change my Wi-Fi password. Where do I do that?', reply: 'Hi Oliver,\n\nOpen 192.168.1.1, sign in with the password on the router’s sticker and go to Wi-Fi > Security.\n\nBest,\nMarta', waitMinutes: 140 },
    { days: 19, name: 'Elena Castro', email: 'elena.castro@example.com', locale: 'es', category: 'mobile', subject: 'Activar la eSIM en un móvil nuevo', description: 'Me he comprado un móvil nuevo y quiero pasar la línea a eSIM. ¿Cómo lo hago?', reply: 'Hola Elena:\n\nTe hemos enviado por correo el código QR de tu eSIM. Escanéalo desde Ajustes > Datos móviles.\n\nUn saludo,\nMarta', waitMinutes: 180 },
    { days: 15, name: 'Daniel Ortega', email: 'daniel.ortega@example.com', locale: 'es', category: 'contracts', subject: 'Añadir una segunda línea móvil', description: 'Quiero añadir una línea móvil para mi hija a mi contrato de fibra. ¿Qué precio tiene?', reply: 'Hola Daniel:\n\nLa segunda línea cuesta 7 € al mes con tu fibra. Ya la hemos dado de alta; la SIM llega en dos días.\n\nUn saludo,\nMarta', waitMinutes: 190 },
    { days: 11, name: 'Grace Wilson', email: 'grace.wilson@example.com', locale: 'en', category: 'billing', subject: 'Change the bank account for my bills', description: 'I have a new bank account. How do I change the one you charge?', reply: 'Hi Grace,\n\nWe have updated it: your next bill will be charged to the new account.\n\nBest,\nMarta', waitMinutes: 230 },
    { days: 8, name: 'Pablo Navarro', email: 'pablo.navarro@example.com', locale: 'es', category: 'moving', subject: 'Cambio de domicilio dentro de Valencia', description: 'Me mudo a otra calle de Valencia el mes que viene. ¿Me trasladáis la fibra?', reply: 'Hola Pablo:\n\nSí, el traslado es gratis. Te llamaremos para fijar el día de la instalación.\n\nUn saludo,\nMarta', waitMinutes: 300 },
    { days: 24, name: 'Isabel Romero', email: 'isabel.romero@example.com', locale: 'es', category: 'outages', subject: 'Sin fibra en casa desde el mediodía', description: 'Teletrabajo y no tengo conexión desde las 12. La luz LOS está en rojo.', reply: 'Hola Isabel:\n\nHabía una avería en tu central; ya está reparada. Reinicia el router y nos dices.\n\nUn saludo,\nAna', waitMinutes: 12, fast: true },
    { days: 20, name: 'Henry Clarke', email: 'henry.clarke@example.com', locale: 'en', category: 'router-wifi', subject: 'Router keeps dropping video calls', description: 'My work calls drop every few minutes since yesterday.', reply: 'Hi Henry,\n\nWe have moved your line to a less busy port and updated the router. It should hold now.\n\nBest,\nAna', waitMinutes: 18, fast: true },
    { days: 16, name: 'Rosa Delgado', email: 'rosa.delgado@example.com', locale: 'es', category: 'mobile', subject: 'El móvil no tiene datos', description: 'Desde esta mañana no tengo datos móviles, solo llamadas.', reply: 'Hola Rosa:\n\nHemos reactivado tus datos: reinicia el móvil y deberían volver.\n\nUn saludo,\nAna', waitMinutes: 20, fast: true },
    { days: 12, name: 'Emily Turner', email: 'emily.turner@example.com', locale: 'en', category: 'outages', subject: 'No internet in the whole flat', description: 'Nothing works since this morning; I have a client meeting at noon.', reply: 'Hi Emily,\n\nA cable was cut in your street; it was repaired at 11:20. Please restart the router.\n\nBest,\nAna', waitMinutes: 25, fast: true },
    { days: 7, name: 'Sergio Vidal', email: 'sergio.vidal@example.com', locale: 'es', category: 'billing', subject: 'Cargo que no reconozco', description: 'Me aparece un cargo de 12 € que no sé de qué es.', reply: 'Hola Sergio:\n\nEra un servicio de pago por SMS que no pediste; te lo hemos devuelto y lo hemos bloqueado.\n\nUn saludo,\nAna', waitMinutes: 35, fast: true },
  ] satisfies PastCase[]
).map(pastCase);

export interface DemoSeedResult {
  /** Cases added now (0 when the database had cases already). */
  added: number;
  /** Of them, open ones (what the console's "All open" queue lists). */
  open: number;
  /** Whether the fast-lane case was paid (false without the local Stripe emulator). */
  paid: boolean;
  /** Why nothing was added, if so. */
  skipped?: 'production' | 'not_empty';
}

/**
 * Adds the demo's cases to an empty database. `ayuda` is the running server's app (the fast
 * lane's checkout and the Stripe webhook go through it); `emulator`, when the local Stripe
 * emulator runs, pays the fast-lane case. Without it that case stays in the standard lane.
 */
export async function seedDemoCases(opts: {
  ayuda: AyudaApp;
  database: Database;
  config: Config;
  emulator?: Pick<StripeEmulator, 'payCheckoutSession' | 'webhooks'> | null;
  clock?: Clock;
  logger?: Pick<Logger, 'warn'>;
}): Promise<DemoSeedResult> {
  const { ayuda, database, config } = opts;
  if (config.production) return { added: 0, open: 0, paid: false, skipped: 'production' };
  if (await ayuda.cases.hasAnyCase()) return { added: 0, open: 0, paid: false, skipped: 'not_empty' };
  const now = (opts.clock ?? systemClock).now();

  const staffOf = async (email: string): Promise<StaffActor> => {
    const u = await userByEmail(database.db, email);
    if (!u) throw new Error(`demo: the demo staff account ${email} is missing (ensureDemoStaff first)`);
    return { kind: 'user', id: u.id, name: u.name, role: u.role === 'admin' ? 'admin' : 'agent' };
  };
  const staff = { admin: await staffOf(DEMO_STAFF[0].email), agent: await staffOf(DEMO_STAFF[1].email) };

  // The same services on the same database, with a clock that can be set back: each case is
  // written when its customer wrote it, each reply when it was sent.
  const clock = fixedClock(now.toISOString());
  const past = createApp({ db: database, config, clock, sla: ayuda.sla, stripe: null, mailTransport: null, logger: createLogger('silent') });
  const at = (minutesAgo: number) => clock.set(new Date(now.getTime() - minutesAgo * 60_000).toISOString());

  const payable = !!opts.emulator && ayuda.fastlane.enabled;
  const toAdd = [...DEMO_HISTORY, ...DEMO_CASES].filter((c) => !c.paid || payable);
  const tokens = new Map<DemoCase, { reference: string; trackingToken: string }>();
  let paid = false;
  try {
    // Everything in time order, across cases: references follow the order customers wrote in.
    const events = [
      ...toAdd.map((c) => ({ minutesAgo: c.ageMinutes, c, step: null as (Step & { minutesAgo: number }) | null })),
      ...toAdd.flatMap((c) => (c.then ?? []).map((step) => ({ minutesAgo: step.minutesAgo, c, step }))),
    ].sort((a, b) => b.minutesAgo - a.minutesAgo);
    for (const { minutesAgo, c, step } of events) {
      at(minutesAgo);
      if (!step) {
        const r = await past.cases.submit(
          { name: c.name, email: c.email, subject: c.subject, description: c.description, category: c.category, locale: c.locale },
          [],
          // A fixed key per demo case: two processes seeding one database at once add each case once.
          { idempotencyKey: `ayuda-demo-case:${c.email}`, channel: 'portal' },
        );
        tokens.set(c, { reference: r.body.reference, trackingToken: r.body.trackingToken });
        continue;
      }
      const { reference, trackingToken } = tokens.get(c)!;
      if (step.do === 'reply') await past.cases.staffReply(reference, staff[step.by], { body: step.body, internal: false, ...(step.status ? { status: step.status } : {}) });
      else if (step.do === 'note') await past.cases.staffReply(reference, staff[step.by], { body: step.body, internal: true });
      else if (step.do === 'assign') await past.cases.staffAssign(reference, staff[step.to], { assigneeId: staff[step.to].id });
      else if (step.do === 'lane') await past.cases.staffSetLane(reference, staff[step.by], step.lane, step.reason);
      else await past.cases.reply(trackingToken, step.body, []);
    }
  } finally {
    await past.close();
  }

  // The fast-lane case is paid now, through the running server and the emulator's webhook.
  const fast = toAdd.find((c) => c.paid);
  if (fast && opts.emulator) {
    const { trackingToken } = tokens.get(fast)!;
    const row = (await ayuda.cases.caseOfToken(trackingToken))!;
    const customer = { id: row.customerId, email: fast.email, name: fast.name, locale: fast.locale };
    const { sessionId } = await ayuda.fastlane.checkout(customer, { plan: 'incident', trackingToken, locale: fast.locale }, `ayuda-demo-checkout:${row.reference}`);
    const result = opts.emulator.payCheckoutSession(sessionId, DEMO_CARD, { email: fast.email, name: fast.name });
    if (result.ok) await opts.emulator.webhooks.waitForIdle(30_000);
    paid = (await ayuda.cases.byId(row.id))?.lane === 'fast';
    if (!paid) opts.logger?.warn('demo: the fast-lane case was not paid; it stays in the standard lane', { reference: row.reference });
  }
  ayuda.mail.kick();
  // The running server may have computed the usual reply time before these cases were there.
  ayuda.responseTimes.invalidate();
  const solved = toAdd.filter((c) => c.then?.some((s) => s.do === 'reply' && s.status === 'solved')).length;
  return { added: toAdd.length, open: toAdd.length - solved, paid };
}
