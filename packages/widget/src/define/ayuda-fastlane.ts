// Registers <ayuda-fastlane>. Importing this file is the only side effect of the component;
// the widget imports it (and with it ALTCHA, later) only when the customer opens the fast lane.
import { AyudaFastlane } from '../fastlane/fastlane.js';
import { define } from '../internal/define.js';

define('ayuda-fastlane', AyudaFastlane);
