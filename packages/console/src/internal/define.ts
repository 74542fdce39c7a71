/** Registers a tag unless it already is (a second copy of a module must not throw). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
