// The emulator's HTML pages: hosted checkout, billing portal and invoice. Plain forms, no
// JavaScript and no external resources, so they work offline and in any test browser.
import { formatMoney } from './engine.js';
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

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="banner" role="note"><strong>Stripe emulator</strong>: test mode, no real money. Use card 4242 4242 4242 4242.</p>
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
  session: CheckoutSession;
  lineItems: LineItem[];
  products: Map<string, Product>;
  accountName: string;
  needsEmail: boolean;
  error?: { message: string; field?: string };
  values?: CheckoutFormValues;
}): string {
  const { session, error, values = {} } = opts;
  const rows = opts.lineItems
    .map((li) => {
      const product = opts.products.get(li.price.product);
      const every = li.price.recurring
        ? ` / ${li.price.recurring.interval_count > 1 ? `${li.price.recurring.interval_count} ` : ''}${li.price.recurring.interval}${li.price.recurring.interval_count > 1 ? 's' : ''}`
        : '';
      return `<tr><td>${escapeHtml(product?.name ?? li.description ?? li.price.id)} × ${li.quantity}</td><td class="num">${escapeHtml(formatMoney(li.amount_total, li.currency) + every)}</td></tr>`;
    })
    .join('');
  const total = formatMoney(session.amount_total, session.currency);
  const errorId = 'payment-error';
  const describedBy = (field: string): string => (error && (error.field === field || !error.field) ? ` aria-describedby="${errorId}" aria-invalid="${error.field === field}"` : '');
  const email = session.customer_email;
  const emailField = opts.needsEmail
    ? `<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(values.email ?? '')}"${describedBy('email')}>`
    : email
      ? `<p>Paying as <strong>${escapeHtml(email)}</strong></p>`
      : '';
  const cancel = session.cancel_url
    ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and return to ${escapeHtml(opts.accountName)}</a></p>`
    : '';
  const action = session.mode === 'subscription' ? 'Subscribe' : 'Pay';
  return layout(
    `${action} ${total}: ${opts.accountName}`,
    `<h1>${escapeHtml(opts.accountName)}</h1>
<table aria-label="Order summary">
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Price</th></tr></thead>
<tbody>${rows}</tbody>
<tfoot><tr><th scope="row">Total due today</th><td class="num"><strong>${escapeHtml(total)}</strong></td></tr></tfoot>
</table>
${error ? `<div class="error" id="${errorId}" role="alert">${escapeHtml(error.message)}</div>` : ''}
<form method="post" action="/checkout/${escapeHtml(session.id)}" novalidate>
${emailField}
<label for="card-number">Card number</label>
<input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" required placeholder="4242 4242 4242 4242"${describedBy('number')}>
<div class="row">
<div><label for="card-expiry">Expiry (MM / YY)</label>
<input id="card-expiry" name="card_expiry" autocomplete="cc-exp" required placeholder="12 / 34"${describedBy('exp_year')}></div>
<div><label for="card-cvc">CVC</label>
<input id="card-cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc" required placeholder="123"${describedBy('cvc')}></div>
</div>
<label for="card-name">Name on card</label>
<input id="card-name" name="card_name" autocomplete="cc-name" value="${escapeHtml(values.name ?? '')}">
<button type="submit">${action} ${escapeHtml(total)}</button>
</form>
<p class="hint">Test cards: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 has insufficient funds; 4000 0000 0000 0341 pays now and fails on renewal.</p>
${cancel}`,
  );
}

export function messagePage(title: string, message: string, link?: { href: string; text: string }): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''}`,
  );
}

const date = (unix: number): string => new Date(unix * 1000).toISOString().slice(0, 10);

export function portalPage(opts: {
  portalId: string;
  customer: Customer;
  subscriptions: Subscription[];
  invoices: Invoice[];
  products: Map<string, Product>;
  returnUrl: string | null;
  accountName: string;
  notice?: string;
}): string {
  const subs = opts.subscriptions.length
    ? opts.subscriptions
        .map((s) => {
          const item = s.items.data[0];
          const product = item ? opts.products.get(item.price.product) : undefined;
          const periodEnd = item ? date(item.current_period_end) : '';
          const price = item ? `${formatMoney(item.price.unit_amount * item.quantity, s.currency)} / ${item.price.recurring?.interval ?? ''}` : '';
          const state =
            s.status === 'canceled'
              ? `Canceled${s.ended_at ? ` on ${date(s.ended_at)}` : ''}`
              : s.cancel_at_period_end
                ? `Ends on ${periodEnd}`
                : `${s.status === 'past_due' ? 'Past due; ' : ''}renews on ${periodEnd}`;
          const form =
            s.status === 'canceled'
              ? ''
              : s.cancel_at_period_end
                ? `<form method="post" action="/billing_portal/${escapeHtml(opts.portalId)}/subscriptions/${escapeHtml(s.id)}/renew"><button type="submit" class="secondary">Don't cancel</button></form>`
                : `<form method="post" action="/billing_portal/${escapeHtml(opts.portalId)}/subscriptions/${escapeHtml(s.id)}/cancel"><button type="submit" class="secondary">Cancel subscription</button></form>`;
          return `<tr><td>${escapeHtml(product?.name ?? s.id)}<br><span class="hint">${escapeHtml(price)}</span></td><td>${escapeHtml(state)}</td><td>${form}</td></tr>`;
        })
        .join('')
    : '<tr><td colspan="3">No subscriptions.</td></tr>';
  const invoices = opts.invoices.length
    ? opts.invoices
        .map(
          (i) =>
            `<tr><td><a href="/invoices/${escapeHtml(i.id)}">${escapeHtml(i.number)}</a></td><td>${date(i.created)}</td><td class="num">${escapeHtml(formatMoney(i.total, i.currency))}</td><td>${escapeHtml(i.status)}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="4">No invoices.</td></tr>';
  return layout(
    `Billing: ${opts.accountName}`,
    `<h1>${escapeHtml(opts.accountName)}: billing</h1>
<p>${escapeHtml(opts.customer.email ?? opts.customer.id)}</p>
${opts.notice ? `<p role="status">${escapeHtml(opts.notice)}</p>` : ''}
<h2>Subscriptions</h2>
<table><thead><tr><th scope="col">Plan</th><th scope="col">Status</th><th scope="col"><span class="hint">Action</span></th></tr></thead><tbody>${subs}</tbody></table>
<h2>Invoices</h2>
<table><thead><tr><th scope="col">Number</th><th scope="col">Date</th><th scope="col" class="num">Total</th><th scope="col">Status</th></tr></thead><tbody>${invoices}</tbody></table>
${opts.returnUrl ? `<p><a href="${escapeHtml(opts.returnUrl)}">Return to ${escapeHtml(opts.accountName)}</a></p>` : ''}`,
  );
}

export function invoicePage(invoice: Invoice, accountName: string): string {
  const lines = invoice.lines.data
    .map((l) => `<tr><td>${escapeHtml(l.description ?? '')}</td><td class="num">${escapeHtml(formatMoney(l.amount, l.currency))}</td></tr>`)
    .join('');
  return layout(
    `Invoice ${invoice.number}`,
    `<h1>Invoice ${escapeHtml(invoice.number)}</h1>
<p>${escapeHtml(accountName)} · ${date(invoice.created)} · <strong>${escapeHtml(invoice.status)}</strong></p>
<table><thead><tr><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead><tbody>${lines}</tbody>
<tfoot><tr><th scope="row">Total</th><td class="num"><strong>${escapeHtml(formatMoney(invoice.total, invoice.currency))}</strong></td></tr></tfoot></table>`,
  );
}
