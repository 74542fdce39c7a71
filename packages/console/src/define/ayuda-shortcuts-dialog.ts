import { define } from '../internal/define.js';
import { AyudaShortcutsDialog } from '../dialogs/shortcuts-dialog.js';

define('ayuda-shortcuts-dialog', AyudaShortcutsDialog);
