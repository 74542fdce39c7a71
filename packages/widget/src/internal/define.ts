/** Registers a tag unless it already is (two copies of the widget on one page must not throw). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
