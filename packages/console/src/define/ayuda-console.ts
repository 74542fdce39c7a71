// Registers the console's shell and what it shows before a case is opened.
import { define } from '../internal/define.js';
import { AyudaConsole } from '../app/app.js';
import { AyudaSignin } from '../signin/signin.js';
import { AyudaQueue } from '../queue/queue.js';

define('ayuda-signin', AyudaSignin);
define('ayuda-queue', AyudaQueue);
define('ayuda-console', AyudaConsole);
