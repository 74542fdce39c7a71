export * from './api.js';
export * from './search/index.js';
export * from './cases.js';
export * from './endpoints.js';
export * from './sla/index.js';
export * from './fastlane.js';
export * from './input.js';
export * from './format.js';
