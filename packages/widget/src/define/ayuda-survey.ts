// Registers <ayuda-survey>. Importing this file is the only side effect of the component.
import { AyudaSurvey } from '../survey/survey.js';
import { define } from '../internal/define.js';

define('ayuda-survey', AyudaSurvey);
