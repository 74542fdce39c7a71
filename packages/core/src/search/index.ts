export * from './text.js';
export * from './synonyms.js';
export * from './search.js';
export * from './build.js';
export type { CompactIndex } from './serial.js';
