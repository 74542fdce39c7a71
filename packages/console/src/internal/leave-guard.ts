// Unsaved changes are not lost by a click: while a screen's `dirty()` holds, following another
// console address asks first (the app checks `mayLeave` on every hash change) and closing or
// reloading the tab gets the browser's own question. On "leave", the screen drops its edits
// (`discard`) and the address is followed.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { confirmAction, type ConfirmRequest } from '../dialogs/confirm-dialog.js';
import '../define/ayuda-confirm-dialog.js';
import { guardLeaving, releaseLeaving } from './router.js';

export class LeaveGuardController implements ReactiveController {
  readonly #dirty: () => boolean;
  readonly #question: () => ConfirmRequest;
  readonly #discard: () => void;
  readonly #guard = (to: string): boolean => {
    if (!this.#dirty()) return true;
    void this.#ask(to);
    return false;
  };
  readonly #beforeUnload = (e: BeforeUnloadEvent): void => {
    if (this.#dirty()) e.preventDefault();
  };

  constructor(host: ReactiveControllerHost, opts: { dirty: () => boolean; question: () => ConfirmRequest; discard: () => void }) {
    this.#dirty = opts.dirty;
    this.#question = opts.question;
    this.#discard = opts.discard;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.#beforeUnload);
    guardLeaving(this.#guard);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.#beforeUnload);
    releaseLeaving(this.#guard);
  }

  async #ask(to: string): Promise<void> {
    if (!(await confirmAction(this.#question()))) return;
    this.#discard();
    location.hash = to;
  }
}
