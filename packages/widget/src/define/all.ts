// Registers every Ayuda tag at once.
import './ayuda-widget.js';
import './ayuda-panel.js';
