// Registers the knowledge-base screens (a chunk of their own, loaded when someone first opens #/kb).
import { define } from '../internal/define.js';
import { AyudaKb } from '../kb/kb.js';
import { AyudaKbList } from '../kb/list.js';
import { AyudaKbEditor } from '../kb/editor.js';
import { AyudaKbCategories, AyudaKbSynonyms } from '../kb/taxonomy.js';
import { AyudaKbHealth } from '../kb/health.js';
import { AyudaKbTaxonomyHistory } from '../kb/taxonomy-history.js';

define('ayuda-kb', AyudaKb);
define('ayuda-kb-list', AyudaKbList);
define('ayuda-kb-editor', AyudaKbEditor);
define('ayuda-kb-categories', AyudaKbCategories);
define('ayuda-kb-synonyms', AyudaKbSynonyms);
define('ayuda-kb-health', AyudaKbHealth);
define('ayuda-kb-taxonomy-history', AyudaKbTaxonomyHistory);

declare global {
  interface HTMLElementTagNameMap {
    'ayuda-kb': AyudaKb;
    'ayuda-kb-list': AyudaKbList;
    'ayuda-kb-editor': AyudaKbEditor;
    'ayuda-kb-categories': AyudaKbCategories;
    'ayuda-kb-synonyms': AyudaKbSynonyms;
    'ayuda-kb-health': AyudaKbHealth;
    'ayuda-kb-taxonomy-history': AyudaKbTaxonomyHistory;
  }
}
