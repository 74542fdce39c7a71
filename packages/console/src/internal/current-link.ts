// Keeps the current link (`a[aria-current=page]`) of a row that scrolls sideways in view.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * After each update of its host, when the row's current link is another than last time (a new
 * screen or tab), scrolls the row, and only the row, so that link is in its middle. The row
 * scrolls only on a phone (linksStyles); wider, there is nothing to scroll and it does nothing.
 * A person's own sideways scrolling is left alone until the current link changes.
 */
export class CurrentLinkInSight implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #selector: string;
  #last: Element | null = null;

  /** `selector`: the row (a `nav`) inside the host's render root. */
  constructor(host: ReactiveControllerHost & HTMLElement, selector = 'nav') {
    this.#host = host;
    this.#selector = selector;
    host.addController(this);
  }

  hostUpdated(): void {
    const root = this.#host.shadowRoot ?? this.#host;
    const nav = root.querySelector<HTMLElement>(this.#selector);
    const current = nav?.querySelector<HTMLElement>('a[aria-current=page]') ?? null;
    if (!nav || !current || current === this.#last) return;
    if (nav.scrollWidth <= nav.clientWidth) return;
    this.#last = current;
    // scrollBy rather than scrollIntoView: that would scroll the page and the screen as well.
    const row = nav.getBoundingClientRect();
    const link = current.getBoundingClientRect();
    nav.scrollBy({ left: link.left + link.width / 2 - (row.left + row.width / 2), behavior: 'instant' });
  }
}
