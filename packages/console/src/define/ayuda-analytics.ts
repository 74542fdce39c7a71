// Registers the analytics screen and its chart (a chunk of its own with uPlot, loaded when an admin first opens it).
import { define } from '../internal/define.js';
import { AyudaAnalytics } from '../analytics/analytics.js';
import { AyudaChart } from '../analytics/chart.js';

define('ayuda-chart', AyudaChart);
define('ayuda-analytics', AyudaAnalytics);
