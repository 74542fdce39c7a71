// <ayuda-shortcuts-dialog>: every keyboard shortcut, in a modal dialog (`?` opens it; Escape or
// the close button closes it and the focus goes back where it was).
import { css, html, LitElement, type TemplateResult } from 'lit';
import { sharedStyles } from '../styles/shared.styles.js';
import { dialogStyles } from '../styles/dialog.styles.js';
import { LocalizeController } from '../internal/localize.js';
import { pauseShortcuts, SHORTCUTS } from '../internal/shortcuts.js';

export class AyudaShortcutsDialog extends LitElement {
  static override styles = [
    sharedStyles,
    dialogStyles,
    css`
      :host {
        --ayuda-dialog-width: 34rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        margin: 0.75rem 0 1rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.35rem 0.5rem;
        border-bottom: 1px solid var(--ayuda-surface-2);
      }
      td:first-child {
        white-space: nowrap;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
      }
    `,
  ];

  readonly #l = new LocalizeController(this);
  #resume: (() => void) | null = null;
  #returnTo: Element | null = null;

  /** Opens the dialog; resolves once it is open. */
  async show(): Promise<void> {
    await this.updateComplete;
    const d = this.renderRoot.querySelector('dialog');
    if (!d || d.open) return;
    this.#returnTo = deepActive();
    this.#resume = pauseShortcuts();
    d.showModal();
    d.querySelector<HTMLButtonElement>('button')?.focus();
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  #closed(): void {
    this.#resume?.();
    this.#resume = null;
    if (this.#returnTo instanceof HTMLElement) this.#returnTo.focus();
  }

  protected override render(): TemplateResult {
    const cat = this.#l.cat;
    return html`<dialog aria-labelledby="title" @close=${() => this.#closed()}>
      <h2 id="title">${cat.shortcutsTitle}</h2>
      <p class="muted">${cat.shortcutsIntro}</p>
      <table>
        <thead>
          <tr><th scope="col">${cat.key}</th><th scope="col">${cat.action}</th></tr>
        </thead>
        <tbody>
          ${SHORTCUTS.map((s) => html`<tr><td>${s.keys.map((k, i) => html`${i ? ' + ' : ''}<kbd>${k}</kbd>`)}</td><td>${cat.shortcuts[s.name]}</td></tr>`)}
        </tbody>
      </table>
      <div class="actions"><button type="button" class="primary" @click=${() => this.close()}>${cat.close}</button></div>
    </dialog>`;
  }
}

/** The focused element, through shadow roots. */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-shortcuts-dialog': AyudaShortcutsDialog;
  }
}
