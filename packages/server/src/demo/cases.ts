// The demo's cases (`npm start`): a Nubefibra support day already under way, so the console's
// queue can be tried at once. Added through the real services (submission, staff replies,
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
  | { do: 'customer'; body: string };

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
  const toAdd = DEMO_CASES.filter((c) => !c.paid || payable);
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
  const solved = toAdd.filter((c) => c.then?.some((s) => s.do === 'reply' && s.status === 'solved')).length;
  return { added: toAdd.length, open: toAdd.length - solved, paid };
}
