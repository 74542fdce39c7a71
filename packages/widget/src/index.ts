// @ayuda/widget: the component classes, their events and options. Importing this module
// registers no tag; import `@ayuda/widget/define/<tag>.js` (or `define/all.js`) for that.
export { AyudaWidget } from './widget/widget.js';
export { AyudaPanel, type Route, type FastlaneOptions } from './panel/panel.js';
export { AyudaSearch } from './search/search.js';
export { AyudaArticle } from './article/article.js';
export { AyudaCategories } from './categories/categories.js';
export { AyudaCaseForm } from './case-form/case-form.js';
export { AyudaCaseStatus } from './case-status/case-status.js';
export { CASE_FORM_LIMITS } from './case-form/files.js';
export type { CasesCatalogue } from './case-form/catalogue.js';
export { AyudaBooking } from './booking/booking.js';
export { AyudaFastlane, FASTLANE_POLL, type FastlaneStep, type FastlaneEventDetails } from './fastlane/fastlane.js';
export { AyudaElement } from './internal/base.js';
export { WIDGET_DEFAULTS, BEHAVIOUR, type Position, type Theme } from './config.js';
export type { AyudaEvent, AyudaEventDetails, AyudaEventName, CloseReason, NavigationTarget, OpenSource } from './events.js';
export { SUPPORTED_LOCALES, loadCatalogue, type Catalogue, type PluralForms } from './i18n/index.js';
export { format, plural, formatDate, languageName } from './i18n/format.js';
export type { AyudaApi } from './embed-api.js';
