// Registers the settings screen (a chunk of its own, loaded when an admin first opens it).
import { define } from '../internal/define.js';
import { AyudaSettings } from '../settings/settings.js';

define('ayuda-settings', AyudaSettings);
