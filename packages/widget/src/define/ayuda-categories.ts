// Registers <ayuda-categories>. Importing this file is the only side effect of the component.
import { AyudaCategories } from '../categories/categories.js';
import { define } from '../internal/define.js';

define('ayuda-categories', AyudaCategories);
