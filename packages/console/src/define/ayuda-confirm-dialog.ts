import { define } from '../internal/define.js';
import { AyudaConfirmDialog } from '../dialogs/confirm-dialog.js';

define('ayuda-confirm-dialog', AyudaConfirmDialog);
