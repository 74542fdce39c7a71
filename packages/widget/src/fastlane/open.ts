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
}
