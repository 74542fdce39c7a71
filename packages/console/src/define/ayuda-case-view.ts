// Registers the case view and its parts (a chunk of its own, loaded when a case is opened).
import { define } from '../internal/define.js';
import { AyudaCaseView } from '../case/case-view.js';
import { AyudaComposer } from '../case/composer.js';
import { AyudaCustomerPanel } from '../case/customer-panel.js';
import { AyudaTimePanel } from '../case/time-panel.js';
import { AyudaOpportunityForm } from '../case/opportunity-form.js';

define('ayuda-composer', AyudaComposer);
define('ayuda-customer-panel', AyudaCustomerPanel);
define('ayuda-time-panel', AyudaTimePanel);
define('ayuda-opportunity-form', AyudaOpportunityForm);
define('ayuda-case-view', AyudaCaseView);
