// Tabbable elements through shadow roots, for the panel's focus trap.

function focusable(el: HTMLElement): boolean {
  if (el.tabIndex < 0 || (el as HTMLButtonElement).disabled) return false;
  return el.matches('a[href], button, input, textarea, select, summary, [tabindex], [contenteditable="true"]');
}

/** Tabbable elements under `root`, in tree order, through open shadow roots; hidden ones skipped. */
export function tabbables(root: ParentNode, out: HTMLElement[] = []): HTMLElement[] {
  for (const el of Array.from(root.children)) {
    if (!(el instanceof HTMLElement) || el.hidden) continue;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)) continue;
    if (focusable(el)) out.push(el);
    if (el.shadowRoot) tabbables(el.shadowRoot, out);
    tabbables(el, out);
  }
  return out;
}
