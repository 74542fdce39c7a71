// Registers <ayuda-panel> and the components it shows.
import { AyudaPanel } from '../panel/panel.js';
import { define } from '../internal/define.js';
import './ayuda-search.js';
import './ayuda-article.js';
import './ayuda-categories.js';

define('ayuda-panel', AyudaPanel);
