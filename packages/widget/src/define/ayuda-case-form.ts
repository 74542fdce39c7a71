// Registers <ayuda-case-form>. Importing this file is the only side effect of the component.
import { AyudaCaseForm } from '../case-form/case-form.js';
import { define } from '../internal/define.js';

define('ayuda-case-form', AyudaCaseForm);
