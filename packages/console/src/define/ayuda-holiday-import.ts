// Registers the public-holiday import of the business hours' form (part of the settings chunk).
import { define } from '../internal/define.js';
import { AyudaHolidayImport } from '../settings/holiday-import.js';

define('ayuda-holiday-import', AyudaHolidayImport);
