// What embed.js loads (a few hundred bytes) only when the fast lane is wanted: on a page with
// `data-ayuda-fastlane` buttons (the portal's tracking and payment-return pages; a site's own
// pages), or through `Ayuda.fastlane()`. Kept out of embed.js to hold its 4 KB budget.
import type { AyudaWidget } from '../widget/widget.js';
import type { FastlaneOptions } from '../panel/panel.js';

/** Opens the widget's panel on the fast lane. */
export async function openFastlane(widget: AyudaWidget, options: FastlaneOptions = {}): Promise<void> {
  await widget.open();
  await widget.shadowRoot?.querySelector('ayuda-panel')?.showFastlane(options);
}

let hooked = false;

/**
 * Opens the fast lane with `options` (`Ayuda.fastlane()`). With null (embed.js, on a page with
 * fast-lane buttons), shows the page's `data-ayuda-fastlane` buttons
 * (rendered `hidden`, so they appear only where the widget runs) and opens the fast lane from
 * them (the attribute's value: a tracking token, or empty); and reopens it when the customer
 * is back from Stripe's checkout, to confirm the payment.
 */
export function open(widget: AyudaWidget, options?: FastlaneOptions | null): Promise<void> | undefined {
  if (options !== null) return openFastlane(widget, options ?? {});
  if (hooked) return;
  hooked = true;
  for (const b of document.querySelectorAll<HTMLElement>('[data-ayuda-fastlane]')) b.hidden = false;
  document.addEventListener('click', (e) => {
    const b = (e.target as Element | null)?.closest?.('[data-ayuda-fastlane]');
    if (!b) return;
    e.preventDefault();
    void openFastlane(widget, { trackingToken: b.getAttribute('data-ayuda-fastlane') || undefined });
  });
  // The payment return page says "confirming" until the widget sees the payment confirmed.
  document.addEventListener('ayuda-fastlane-done', () => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-ayuda-fastlane-status]')) el.textContent = el.dataset.done ?? el.textContent;
  });
  // Back from Stripe's checkout in this tab: the fast lane confirms the payment.
  // For the request it was paying for, so that a checkout left unpaid offers that request again.
  let pending: { trackingToken?: string } | null = null;
  try {
    pending = JSON.parse(sessionStorage.getItem('ayuda:fastlane:pending') ?? 'null') as { trackingToken?: string } | null;
  } catch {
    /* storage disabled */
  }
  if (pending) return openFastlane(widget, { trackingToken: pending.trackingToken });
  // A return page of a checkout this tab did not start (paid in another tab or browser, or on
  // another address of the site): nothing here can confirm it, so the page asks itself again.
  const status = document.querySelector<HTMLElement>('[data-ayuda-fastlane-status]');
  if (status) void recheckPage(status);
}

/**
 * Fetches this page again every 3 s, for 2 minutes at most, until its payment is no longer
 * pending (its `data-ayuda-payment` lost `data-ayuda-fastlane-status`), and then says what it
 * says in `el`, a live region; after 2 minutes, `el`'s `data-slow` (the mail will say; no need
 * to pay again). A failed fetch (offline for a moment) waits for the next try.
 */
async function recheckPage(el: HTMLElement): Promise<void> {
  for (let i = 0; i < 40 && el.isConnected; i++) {
    await new Promise((r) => setTimeout(r, 3_000));
    try {
      const res = await fetch(location.href, { cache: 'no-store' });
      const now = res.ok ? new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-ayuda-payment]') : null;
      if (now && !now.hasAttribute('data-ayuda-fastlane-status')) {
        el.textContent = now.textContent;
        return;
      }
    } catch {
      /* the next try */
    }
  }
  if (el.isConnected && el.dataset.slow) el.textContent = el.dataset.slow;
}
