// Registers every Ayuda tag at once.
import './ayuda-widget.js';
import './ayuda-panel.js';
import './ayuda-search.js';
import './ayuda-article.js';
import './ayuda-categories.js';
import './ayuda-case-form.js';
import './ayuda-case-status.js';
import './ayuda-survey.js';
import './ayuda-fastlane.js';
import './ayuda-booking.js';
