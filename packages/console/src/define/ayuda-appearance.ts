// Registers the widget appearance screen (a chunk of its own, loaded when an admin opens #/admin/appearance).
import { define } from '../internal/define.js';
import { AyudaAppearance } from '../appearance/appearance.js';

define('ayuda-appearance', AyudaAppearance);
