// Registers the admin screen (a chunk of its own, loaded when an admin first opens it).
import { define } from '../internal/define.js';
import { AyudaAdmin } from '../admin/admin.js';

define('ayuda-admin', AyudaAdmin);
