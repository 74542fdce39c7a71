// Registers the agent pulse's question and report (a chunk of its own, loaded after the queue shows).
import { define } from '../internal/define.js';
import { AyudaPulseQuestion, AyudaPulseReport } from '../pulse/pulse.js';

define('ayuda-pulse-question', AyudaPulseQuestion);
define('ayuda-pulse-report', AyudaPulseReport);
