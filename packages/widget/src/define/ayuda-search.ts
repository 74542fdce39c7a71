// Registers <ayuda-search>. Importing this file is the only side effect of the component.
import { AyudaSearch } from '../search/search.js';
import { define } from '../internal/define.js';

define('ayuda-search', AyudaSearch);
