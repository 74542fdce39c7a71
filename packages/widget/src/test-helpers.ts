// Helpers for the component tests (browser side): fixtures, waiting for a condition, axe,
// shadow-DOM queries, and the server's analytics (through the staff API).
import { expect } from 'chai';
import type { SearchAnalytics } from '@ayuda/client';

export const AYUDA = (window as unknown as { AYUDA_TEST: { server: string; staffToken: string } }).AYUDA_TEST;

const mounted: Element[] = [];

/** Adds `markup` to the page and returns its first element (removed by `cleanup()`). */
export function fixture<T extends Element>(markup: string): T {
  const wrap = document.createElement('div');
  wrap.innerHTML = markup.trim();
  const el = wrap.firstElementChild as T;
  document.body.append(el);
  mounted.push(el);
  return el;
}

export function cleanup(): void {
  for (const el of mounted.splice(0)) el.remove();
}

/** Polls `fn` until it returns something truthy (or throws the last error after `timeout` ms). */
export async function waitFor<T>(fn: () => T | Promise<T>, message = 'condition', timeout = 8000): Promise<NonNullable<T>> {
  const end = performance.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (performance.now() > end) throw new Error(`timed out waiting for ${message}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `$(el, 'a', 'b')`: querySelector through shadow roots, one selector per level. */
export function $<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T | null {
  let node: Element | null = root;
  for (const s of selectors) {
    node = (node?.shadowRoot ?? node)?.querySelector(s) ?? null;
    if (!node) return null;
  }
  return node as T | null;
}

export function $$<T extends Element = HTMLElement>(root: Element, selector: string): T[] {
  return Array.from((root.shadowRoot ?? root).querySelectorAll<T>(selector));
}

/** The focused element, through shadow roots. */
export function active(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
}

/** Runs axe-core (WCAG 2.x A/AA and best practices) on `el` and expects no violation. Page-level rules are about the host page, not the component. */
export async function expectAccessible(el: Element, state = ''): Promise<void> {
  // Colours are judged once transitions (the panel's fade-in) have finished.
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
  const panel = el.shadowRoot?.querySelector('ayuda-panel');
  if (panel?.hasAttribute('open')) await waitFor(() => getComputedStyle(panel).opacity === '1', `the panel to finish fading in (opacity ${getComputedStyle(panel).opacity})`);
  const axe = (window as unknown as { axe: { run: (ctx: Element, o: object) => Promise<AxeResult> } }).axe;
  const r = await axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    rules: { region: { enabled: false }, 'page-has-heading-one': { enabled: false }, 'landmark-one-main': { enabled: false } },
  });
  const found = r.violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => [n.target, n.failureSummary]))}`);
  expect(found, `axe ${state}`).to.deep.equal([]);
}

/** Resolves with the next `name` event's detail on `target`. */
export function nextEvent<T = unknown>(target: EventTarget, name: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => target.addEventListener(name, (e) => resolve(e as CustomEvent<T>), { once: true }));
}

/** The server's search analytics (staff API); polls until `until` holds, since the server writes in batches. */
export async function analyticsUntil(until: (a: SearchAnalytics) => boolean, locale?: string): Promise<SearchAnalytics> {
  let last: SearchAnalytics | undefined;
  await waitFor(async () => {
    const res = await fetch(`${AYUDA.server}/api/v1/analytics/search?limit=100${locale ? `&locale=${locale}` : ''}`, { headers: { Authorization: `Bearer ${AYUDA.staffToken}` } });
    last = (await res.json()) as SearchAnalytics;
    return until(last);
  }, 'analytics on the server');
  return last!;
}
