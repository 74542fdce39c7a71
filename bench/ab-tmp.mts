import { measure, ANALYTICS_BENCH_DEFAULTS } from './analytics.js';
const n = Number(process.argv[2] ?? 100000);
const results = {};
await measure('postgres://postgres@127.0.0.1:5432/ayuda_an', { ...ANALYTICS_BENCH_DEFAULTS, cases: n, customers: Math.min(50000, n / 10) }, results);
console.log(JSON.stringify(results));
