import type { AyudaEventDetails } from './events.js';
import type { AyudaWidget } from './widget/widget.js';
import type { FastlaneOptions } from './panel/panel.js';

type Short<K> = K extends `ayuda-${infer S}` ? S : never;
/** Event names for `Ayuda.on()`: the `ayuda-*` events without the prefix. */
export type AyudaApiEvent = Short<keyof AyudaEventDetails>;
type DetailOf<S extends AyudaApiEvent> = AyudaEventDetails[`ayuda-${S}` & keyof AyudaEventDetails];

/** `window.Ayuda`, set by embed.js. */
export interface AyudaApi {
  readonly version: string;
  /** The `<ayuda-widget>` the embed added to the page. */
  readonly element: AyudaWidget;
  open(): Promise<void>;
  /** Resolves to false when an `ayuda-request-close` listener kept the panel open. */
  close(): Promise<boolean>;
  toggle(): Promise<unknown>;
  search(query: string): Promise<void>;
  show(articleSlug: string, locale?: string): Promise<void>;
  /** Opens the panel on the support-case form. */
  contact(): Promise<void>;
  setLocale(locale: string): void;
  /** Opens the fast lane ("Get faster help"), for one request with `trackingToken`, signed in with `identityToken`. */
  fastlane(options?: FastlaneOptions): Promise<void>;
  /** Listens to a widget event (`'open'`, `'search'`, `'feedback'`, …); returns a function that stops listening. */
  on<S extends AyudaApiEvent>(event: S, handler: (detail: DetailOf<S>, event: CustomEvent<DetailOf<S>>) => void): () => void;
}

declare global {
  interface Window {
    Ayuda?: AyudaApi;
  }
}
