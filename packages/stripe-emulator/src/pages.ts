// The emulator's HTML pages: hosted checkout, billing portal and invoice. Plain forms, no
// JavaScript and no external resources, so they work offline and in any test browser. Each page
// is rendered in one language (`PageLocale`); its words come from page-strings.ts.
import { formatMoney } from './engine.js';
import { PAGE_STRINGS, pageDate, pageInterval, type Message, type PageLocale } from './page-strings.js';
import type { CheckoutSession, Invoice, LineItem, Product, Subscription, Customer } from './types.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; padding: 2rem 1rem; background: Canvas; color: CanvasText; }
main { max-width: 28rem; margin: 0 auto; }
.banner { border: 2px dashed #b45309; padding: .5rem .75rem; border-radius: .5rem; font-size: .875rem; margin-bottom: 1.5rem; }
h1 { font-size: 1.375rem; margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { text-align: left; padding: .375rem 0; border-bottom: 1px solid color-mix(in srgb, CanvasText 20%, transparent); }
td.num, th.num { text-align: right; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid GrayText; border-radius: .375rem; }
.row { display: flex; gap: .75rem; } .row > div { flex: 1; }
button { font: inherit; margin-top: 1.25rem; width: 100%; padding: .75rem; border: 0; border-radius: .375rem; background: #4338ca; color: #fff; font-weight: 600; cursor: pointer; }
button.secondary { background: transparent; color: inherit; border: 1px solid GrayText; width: auto; padding: .375rem .75rem; margin: 0; }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.error { border: 2px solid #b91c1c; color: inherit; padding: .5rem .75rem; border-radius: .375rem; margin-bottom: 1rem; }
.hint { font-size: .875rem; }
a { color: inherit; }
@media (forced-colors: active) { button { border: 1px solid ButtonText; } }
`;

function layout(locale: PageLocale, title: string, body: string): string {
  const banner = PAGE_STRINGS[locale].banner;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="banner" role="note"><strong>${escapeHtml(banner.name)}</strong>: ${escapeHtml(banner.text)}</p>
${body}
</main>
</body>
</html>`;
}

export interface CheckoutFormValues {
  email?: string;
  name?: string;
}

export function checkoutPage(opts: {
  locale: PageLocale;
  session: CheckoutSession;
  lineItems: LineItem[];
  products: Map<string, Product>;
  accountName: string;
  needsEmail: boolean;
  /** Already in the page's language. */
  error?: { message: string; field?: string };
  values?: CheckoutFormValues;
}): string {
  const { locale, session, error, values = {} } = opts;
  const t = PAGE_STRINGS[locale].checkout;
  const rows = opts.lineItems
    .map((li) => {
      const product = opts.products.get(li.price.product);
      const every = li.price.recurring ? pageInterval(li.price.recurring.interval, li.price.recurring.interval_count, locale) : '';
      return `<tr><td>${escapeHtml(product?.name ?? li.description ?? li.price.id)} × ${li.quantity}</td><td class="num">${escapeHtml(formatMoney(li.amount_total, li.currency, locale) + every)}</td></tr>`;
    })
    .join('');
  const total = formatMoney(session.amount_total, session.currency, locale);
  const errorId = 'payment-error';
  const describedBy = (field: string): string => (error && (error.field === field || !error.field) ? ` aria-describedby="${errorId}" aria-invalid="${error.field === field}"` : '');
  const email = session.customer_email;
  const emailField = opts.needsEmail
    ? `<label for="email">${escapeHtml(t.email)}</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(values.email ?? '')}"${describedBy('email')}>`
    : email
      ? `<p>${escapeHtml(t.payingAs)} <strong>${escapeHtml(email)}</strong></p>`
      : '';
  const cancel = session.cancel_url
    ? `<p><a href="${escapeHtml(session.cancel_url)}">${escapeHtml(t.cancelAndReturn(opts.accountName))}</a></p>`
    : '';
  const action = session.mode === 'subscription' ? t.subscribe : t.pay;
  return layout(
    locale,
    `${action} ${total}: ${opts.accountName}`,
    `<h1>${escapeHtml(opts.accountName)}</h1>
<table aria-label="${escapeHtml(t.orderSummary)}">
<thead><tr><th scope="col">${escapeHtml(t.item)}</th><th scope="col" class="num">${escapeHtml(t.price)}</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">${escapeHtml(t.totalDueToday)}</th><td class="num"><strong>${escapeHtml(total)}</strong></td></tr></tfoot>
</table>
${error ? `<div class="error" id="${errorId}" role="alert">${escapeHtml(error.message)}</div>` : ''}
<form method="post" action="/checkout/${escapeHtml(session.id)}" novalidate>
${emailField}
<label for="card-number">${escapeHtml(t.cardNumber)}</label>
<input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" required placeholder="4242 4242 4242 4242"${describedBy('number')}>
<div class="row">
<div><label for="card-expiry">${escapeHtml(t.expiry)}</label>
<input id="card-expiry" name="card_expiry" autocomplete="cc-exp" required placeholder="${escapeHtml(t.expiryPlaceholder)}"${describedBy('exp_year')}></div>
<div><label for="card-cvc">${escapeHtml(t.cvc)}</label>
<input id="card-cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" required placeholder="123"${describedBy('cvc')}></div>
</div>
<label for="card-name">${escapeHtml(t.nameOnCard)}</label>
<input id="card-name" name="card_name" autocomplete="cc-name" value="${escapeHtml(values.name ?? '')}">
<button type="submit">${escapeHtml(`${action} ${total}`)}</button>
</form>
<p class="hint">${escapeHtml(t.testCards)}</p>
${cancel}`,
  );
}

/** A page that only says something: a `Message` from page-strings.ts and maybe a link on. */
export function messagePage(locale: PageLocale, message: Message, link?: { href: string; text: string }): string {
  return layout(
    locale,
    message.title,
    `<h1>${escapeHtml(message.title)}</h1><p>${escapeHtml(message.text)}</p>${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}`,
  );
}

/** What the portal confirms after a change: a subscription set to cancel at period end, or kept. */
export type PortalNotice = 'canceled' | 'renewed';

export function portalPage(opts: {
  locale: PageLocale;
  portalId: string;
  customer: Customer;
  subscriptions: Subscription[];
  invoices: Invoice[];
  products: Map<string, Product>;
  returnUrl: string | null;
  accountName: string;
  notice?: PortalNotice;
}): string {
  const { locale } = opts;
  const t = PAGE_STRINGS[locale].portal;
  const date = (unix: number): string => pageDate(unix, locale);
  const subs = opts.subscriptions.length
    ? opts.subscriptions
        .map((s) => {
          const item = s.items.data[0];
          const product = item ? opts.products.get(item.price.product) : undefined;
          const periodEnd = item ? date(item.current_period_end) : '';
          const recurring = item?.price.recurring;
          const price = item
            ? formatMoney(item.price.unit_amount * item.quantity, s.currency, locale) + (recurring ? pageInterval(recurring.interval, recurring.interval_count, locale) : '')
            : '';
          const state =
            s.status === 'canceled'
              ? s.ended_at
                ? t.canceledOn(date(s.ended_at))
                : t.canceled
              : s.cancel_at_period_end
                ? t.endsOn(periodEnd)
                : s.status === 'past_due'
                  ? t.pastDueRenewsOn(periodEnd)
                  : t.renewsOn(periodEnd);
          const form =
            s.status === 'canceled'
              ? ''
              : s.cancel_at_period_end
                ? `<form method="post" action="/billing_portal/${escapeHtml(opts.portalId)}/subscriptions/${escapeHtml(s.id)}/renew"><button type="submit" class="secondary">${escapeHtml(t.dontCancel)}</button></form>`
                : `<form method="post" action="/billing_portal/${escapeHtml(opts.portalId)}/subscriptions/${escapeHtml(s.id)}/cancel"><button type="submit" class="secondary">${escapeHtml(t.cancel)}</button></form>`;
          return `<tr><td>${escapeHtml(product?.name ?? s.id)}<br><span class="hint">${escapeHtml(price)}</span></td><td>${escapeHtml(state)}</td><td>${form}</td></tr>`;
        })
        .join('')
    : `<tr><td colspan="3">${escapeHtml(t.noSubscriptions)}</td></tr>`;
  const statuses = PAGE_STRINGS[locale].invoiceStatus;
  const invoices = opts.invoices.length
    ? opts.invoices
        .map(
          (i) =>
            `<tr><td><a href="/invoices/${escapeHtml(i.id)}">${escapeHtml(i.number)}</a></td><td>${escapeHtml(date(i.created))}</td><td class="num">${escapeHtml(formatMoney(i.total, i.currency, locale))}</td><td>${escapeHtml(statuses[i.status])}</td></tr>`,
        )
        .join('')
    : `<tr><td colspan="4">${escapeHtml(t.noInvoices)}</td></tr>`;
  const notice = opts.notice ? t.notices[opts.notice] : undefined;
  return layout(
    locale,
    t.title(opts.accountName),
    `<h1>${escapeHtml(t.heading(opts.accountName))}</h1>
<p>${escapeHtml(opts.customer.email ?? opts.customer.id)}</p>
${notice ? `<p role="status">${escapeHtml(notice)}</p>` : ''}
<h2>${escapeHtml(t.subscriptions)}</h2>
<table><thead><tr><th scope="col">${escapeHtml(t.plan)}</th><th scope="col">${escapeHtml(t.status)}</th><th scope="col"><span class="hint">${escapeHtml(t.action)}</span></th></tr></thead><tbody>${subs}</tbody></table>
<h2>${escapeHtml(t.invoices)}</h2>
<table><thead><tr><th scope="col">${escapeHtml(t.number)}</th><th scope="col">${escapeHtml(t.date)}</th><th scope="col" class="num">${escapeHtml(t.total)}</th><th scope="col">${escapeHtml(t.status)}</th></tr></thead><tbody>${invoices}</tbody></table>
${opts.returnUrl ? `<p><a href="${escapeHtml(opts.returnUrl)}">${escapeHtml(t.returnTo(opts.accountName))}</a></p>` : ''}`,
  );
}

export function invoicePage(locale: PageLocale, invoice: Invoice, accountName: string): string {
  const t = PAGE_STRINGS[locale].invoice;
  const status = PAGE_STRINGS[locale].invoiceStatus[invoice.status];
  const lines = invoice.lines.data
    .map((l) => `<tr><td>${escapeHtml(l.description ?? '')}</td><td class="num">${escapeHtml(formatMoney(l.amount, l.currency, locale))}</td></tr>`)
    .join('');
  return layout(
    locale,
    t.title(invoice.number),
    `<h1>${escapeHtml(t.title(invoice.number))}</h1>
<p>${escapeHtml(accountName)} · ${escapeHtml(pageDate(invoice.created, locale))} · <strong>${escapeHtml(status)}</strong></p>
<table><thead><tr><th scope="col">${escapeHtml(t.description)}</th><th scope="col" class="num">${escapeHtml(t.amount)}</th></tr></thead><tbody>${lines}</tbody>
<tfoot><tr><th scope="row">${escapeHtml(t.total)}</th><td class="num"><strong>${escapeHtml(formatMoney(invoice.total, invoice.currency, locale))}</strong></td></tr></tfoot></table>`,
  );
}
