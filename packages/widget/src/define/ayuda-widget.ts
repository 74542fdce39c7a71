// Registers <ayuda-widget> (the launcher). The panel and its components are registered when it
// first loads them.
import { AyudaWidget } from '../widget/widget.js';
import { define } from '../internal/define.js';

define('ayuda-widget', AyudaWidget);
