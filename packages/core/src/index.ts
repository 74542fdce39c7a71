export * from './api.js';
export * from './search/index.js';
