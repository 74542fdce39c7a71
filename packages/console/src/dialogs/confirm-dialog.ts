// <ayuda-confirm-dialog>: asks before an action that cannot be taken back (e.g. `s` solving a
// case mails the customer). A modal dialog with the focus on its confirm button: Enter or `y`
// confirms, Escape or Cancel does not; the page's shortcuts wait meanwhile and the focus goes
// back where it was. `confirmAction()` opens one and resolves with the answer.
import { css, html, LitElement, type PropertyDeclarations, type TemplateResult } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';
import { dialogStyles } from '../styles/dialog.styles.js';
import { LocalizeController } from '../internal/localize.js';
import { pauseShortcuts } from '../internal/shortcuts.js';

export interface ConfirmRequest {
  title: string;
  message: string;
  /** The confirm button's words ("Solve and notify"). */
  confirm: string;
}

export class AyudaConfirmDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      .actions {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        margin-top: 1rem;
      }
    `,
  ];
  static override properties: PropertyDeclarations = { request: { attribute: false } };
  declare request: ConfirmRequest | null;

  readonly #l = new LocalizeController(this);
  #answer: ((yes: boolean) => void) | null = null;
  #yes = false;
  #resume: (() => void) | null = null;
  #returnTo: Element | null = null;

  constructor() {
    super();
    this.request = null;
  }

  /** Opens the dialog with `request`; resolves true when confirmed, false otherwise. */
  async ask(request: ConfirmRequest): Promise<boolean> {
    // A question closed whose `close` event has not come yet (asked again at once) is settled
    // now; that event, when it comes, finds the dialog open again and is ignored.
    if (this.#answer) this.#closed();
    this.request = request;
    await this.updateComplete;
    const d = this.renderRoot.querySelector('dialog')!;
    this.#returnTo = deepActive();
    this.#resume = pauseShortcuts();
    this.#yes = false;
    if (!d.open) d.showModal();
    d.querySelector<HTMLButtonElement>('button.primary')?.focus();
    return new Promise((resolve) => (this.#answer = resolve));
  }

  #close(yes: boolean): void {
    this.#yes = yes;
    this.renderRoot.querySelector('dialog')?.close();
  }

  #closed(): void {
    this.#resume?.();
    this.#resume = null;
    if (this.#returnTo instanceof HTMLElement) this.#returnTo.focus();
    this.#returnTo = null;
    const answer = this.#answer;
    this.#answer = null;
    answer?.(this.#yes);
  }

  #key(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.#close(false);
      return;
    }
    // Enter confirms wherever the focus is in the dialog (Cancel is reached with Tab and Space).
    if (e.key === 'y' || e.key === 'Y' || (e.key === 'Enter' && !(e.composedPath()[0] as Element)?.matches?.('button.cancel'))) {
      e.preventDefault();
      e.stopPropagation();
      this.#close(true);
    }
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    const r = this.request;
    return html`<dialog role="alertdialog" aria-labelledby="title" aria-describedby="message" @close=${(e: Event) => !(e.target as HTMLDialogElement).open && this.#closed()} @keydown=${(e: KeyboardEvent) => this.#key(e)}>
      <h2 id="title">${r?.title ?? ''}</h2>
      <p id="message">${r?.message ?? ''}</p>
      <div class="actions">
        <button type="button" class="cancel" @click=${() => this.#close(false)}>${cat.cancel}</button>
        <button type="button" class="primary" aria-keyshortcuts="Enter y" @click=${() => this.#close(true)}>${r?.confirm ?? ''}</button>
      </div>
    </dialog>`;
  }
}

/** The focused element, through shadow roots. */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Asks through the page's one confirm dialog (added to the page on first use). */
export function confirmAction(request: ConfirmRequest): Promise<boolean> {
  let el = document.querySelector('ayuda-confirm-dialog');
  if (!el) {
    el = document.createElement('ayuda-confirm-dialog');
    document.body.append(el);
  }
  return el.ask(request);
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-confirm-dialog': AyudaConfirmDialog;
  }
}
