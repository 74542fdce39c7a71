// Registers <ayuda-case-status>. Importing this file is the only side effect of the component.
import { AyudaCaseStatus } from '../case-status/case-status.js';
import { define } from '../internal/define.js';

define('ayuda-case-status', AyudaCaseStatus);
