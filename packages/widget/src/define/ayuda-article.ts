// Registers <ayuda-article>. Importing this file is the only side effect of the component.
import { AyudaArticle } from '../article/article.js';
import { define } from '../internal/define.js';

define('ayuda-article', AyudaArticle);
