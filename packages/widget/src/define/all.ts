// Registers every Ayuda tag at once.
import './ayuda-widget.js';
import './ayuda-panel.js';
import './ayuda-case-form.js';
import './ayuda-case-status.js';
