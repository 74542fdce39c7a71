// Registers the callback queue screen (a chunk of its own, loaded when it is first opened).
import { define } from '../internal/define.js';
import { AyudaCallbacks } from '../callbacks/callbacks.js';

define('ayuda-callbacks', AyudaCallbacks);
