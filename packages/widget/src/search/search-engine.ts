// The search engine the widget loads on first search: only what loads and searches an index.
// Imported through this module, not as `import('@ayuda/core/search')`, because a dynamically
// imported module keeps every export in the bundle (building and serialising an index among them).
export { SearchEngine } from '@ayuda/core/search';
