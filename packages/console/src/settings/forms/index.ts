// Every settings section's form, in the order the screen lists them. A new section is one module
// exporting a SectionForm, added here (its route is then #/settings/<name>).
import type { SectionForm } from '../section-form.js';
import { slaForm } from './sla.js';
import { companyForm } from './company.js';
import { fastlaneForm } from './fastlane.js';
import { captchaForm } from './captcha.js';
import { limitsForm } from './limits.js';
import { originsForm } from './origins.js';
import { mailForm } from './mail.js';

export const SECTION_FORMS: Readonly<Record<string, SectionForm>> = {
  sla: slaForm,
  company: companyForm,
  fastlane: fastlaneForm,
  captcha: captchaForm,
  limits: limitsForm,
  origins: originsForm,
  mail: mailForm,
};
