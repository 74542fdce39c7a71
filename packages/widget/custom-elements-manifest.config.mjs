// custom-elements.json is generated from the components' JSDoc (@attr, @event, @csspart,
// @cssproperty, @slot) by `npm run build`.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/test/**'],
  outdir: '.',
  litelement: true,
};
