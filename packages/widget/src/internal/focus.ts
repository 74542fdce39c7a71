// The widget returns focus to where it was before opening, even inside a shadow root.

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}
