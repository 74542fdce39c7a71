// The appearance screen's words (its own chunk: agents never download them).
import type { AppearanceFontChoice } from '@ayuda/core';

export interface AppearanceStrings {
  title: string;
  intro: string;
  loading: string;
  colours: string;
  primary: string;
  primaryHint: string;
  onPrimary: string;
  onPrimaryHint: string;
  pickColour: (field: string) => string;
  bestContrast: string;
  contrast: (ratio: string) => string;
  contrastLow: (ratio: string) => string;
  shape: string;
  radius: string;
  radiusHint: (min: number, max: number) => string;
  font: string;
  fonts: Record<AppearanceFontChoice, string>;
  customFont: string;
  customFontHint: string;
  launcher: string;
  position: string;
  positions: { 'bottom-right': string; 'bottom-left': string };
  labelEs: string;
  labelEn: string;
  labelHint: (max: number) => string;
  mode: string;
  modes: { auto: string; light: string; dark: string };
  source: (source: string) => string;
  sources: Record<'console' | 'default' | 'file' | 'env', string>;
  unsaved: string;
  save: string;
  saved: string;
  discard: string;
  reset: string;
  resetTitle: string;
  resetMessage: string;
  resetDone: string;
  invalid: string;
  stale: string;
  reload: string;
  leaveTitle: string;
  leaveMessage: string;
  leave: string;
  preview: string;
  previewHint: string;
  previewLanguage: string;
  previewFrame: string;
  openPanel: string;
  snippet: string;
  snippetHint: string;
  copy: string;
  copied: string;
  copyFailed: string;
  history: string;
  noHistory: string;
  backToStart: string;
  changedBy: (name: string, when: string) => string;
  restore: string;
  restoreTitle: string;
  restoreMessage: (when: string) => string;
  restored: string;
  restoreInvalid: string;
}

export const es: AppearanceStrings = {
  title: 'Apariencia del widget',
  intro: 'Colores, esquinas, tipografía y botón del widget en todas las webs que lo insertan. Se guarda como tema del sitio y viaja dentro de embed.js: el primer fotograma ya lo lleva.',
  loading: 'Cargando…',
  colours: 'Colores',
  primary: 'Color de marca',
  primaryHint: 'Botón, cabecera, botones y enlaces. Formato #rrggbb.',
  onPrimary: 'Texto sobre el color de marca',
  onPrimaryHint: 'Debe contrastar al menos 4,5:1 con el color de marca (WCAG AA).',
  pickColour: (field) => `Elegir ${field.toLowerCase()}`,
  bestContrast: 'Usar blanco o negro (el de más contraste)',
  contrast: (ratio) => `Contraste ${ratio}:1: legible.`,
  contrastLow: (ratio) => `Contraste ${ratio}:1: demasiado bajo (mínimo 4,5:1).`,
  shape: 'Forma y letra',
  radius: 'Radio de las esquinas (px)',
  radiusHint: (min, max) => `De ${min} a ${max}. El botón flotante usa el doble, hasta quedar redondo.`,
  font: 'Tipografía',
  fonts: { system: 'Del sistema', serif: 'Con serifa', rounded: 'Redondeada', humanist: 'Humanista', mono: 'Monoespaciada', custom: 'Otra (lista font-family)' },
  customFont: 'Familias de letra',
  customFontHint: 'Separadas por comas, p. ej. "Open Sans", Arial, sans-serif. Solo fuentes que la web ya carga o que están instaladas.',
  launcher: 'Botón flotante',
  position: 'Posición',
  positions: { 'bottom-right': 'Abajo a la derecha', 'bottom-left': 'Abajo a la izquierda' },
  labelEs: 'Texto del botón en español',
  labelEn: 'Texto del botón en inglés',
  labelHint: (max) => `Texto simple, hasta ${max} caracteres.`,
  mode: 'Modo oscuro',
  modes: { auto: 'Automático (el del sistema del visitante)', light: 'Siempre claro', dark: 'Siempre oscuro' },
  source: (source) => `Valor actual: ${source}.`,
  sources: { console: 'guardado en la consola', default: 'el predeterminado', file: 'del archivo', env: 'de una variable de entorno' },
  unsaved: 'Cambios sin guardar: la vista previa ya los muestra.',
  save: 'Guardar tema',
  saved: 'Tema guardado: embed.js ya lo sirve.',
  discard: 'Descartar cambios',
  reset: 'Volver al predeterminado',
  resetTitle: '¿Volver a la apariencia predeterminada?',
  resetMessage: 'El widget de todas las webs vuelve a su aspecto de serie. Queda en el historial y se puede deshacer.',
  resetDone: 'Apariencia predeterminada restablecida.',
  invalid: 'Revisa los campos marcados.',
  stale: 'Otra persona cambió la apariencia mientras editabas. Recarga para ver su versión y vuelve a aplicar tus cambios.',
  reload: 'Recargar',
  leaveTitle: '¿Salir sin guardar?',
  leaveMessage: 'Tus cambios en la apariencia del widget no están guardados.',
  leave: 'Salir',
  preview: 'Vista previa',
  previewHint: 'El widget real, con tus cambios aún sin guardar. Pulsa el botón para abrir el panel.',
  previewLanguage: 'Idioma de la vista previa',
  previewFrame: 'Vista previa del widget',
  openPanel: 'Abrir el panel',
  snippet: 'Código para pegar',
  snippetHint: 'Una etiqueta en cada página de la web. El tema guardado viaja con ella; los atributos data-* que añadas (data-theme, data-position, data-color) tienen prioridad.',
  copy: 'Copiar',
  copied: 'Código copiado.',
  copyFailed: 'No se pudo copiar; selecciona el texto y cópialo.',
  history: 'Historial',
  noHistory: 'Sin cambios todavía.',
  backToStart: 'Vuelta al predeterminado',
  changedBy: (name, when) => `${name}, ${when}`,
  restore: 'Restaurar',
  restoreTitle: '¿Restaurar esta versión?',
  restoreMessage: (when) => `La apariencia vuelve a la guardada el ${when}, como un cambio nuevo del historial.`,
  restored: 'Versión restaurada.',
  restoreInvalid: 'Esa versión ya no cumple las reglas actuales; cambia la apariencia a mano.',
};

export const en: AppearanceStrings = {
  title: 'Widget appearance',
  intro: 'Colours, corners, font and launcher of the widget on every site that embeds it. Saved as the site’s theme and sent inside embed.js: the first frame already wears it.',
  loading: 'Loading…',
  colours: 'Colours',
  primary: 'Brand colour',
  primaryHint: 'Launcher, header, buttons and links. Format #rrggbb.',
  onPrimary: 'Text on the brand colour',
  onPrimaryHint: 'Must contrast at least 4.5:1 with the brand colour (WCAG AA).',
  pickColour: (field) => `Pick the ${field.toLowerCase()}`,
  bestContrast: 'Use white or black (whichever contrasts more)',
  contrast: (ratio) => `Contrast ${ratio}:1: readable.`,
  contrastLow: (ratio) => `Contrast ${ratio}:1: too low (at least 4.5:1).`,
  shape: 'Shape and type',
  radius: 'Corner radius (px)',
  radiusHint: (min, max) => `From ${min} to ${max}. The launcher uses twice as much, up to fully round.`,
  font: 'Font',
  fonts: { system: 'System', serif: 'Serif', rounded: 'Rounded', humanist: 'Humanist', mono: 'Monospace', custom: 'Other (font-family list)' },
  customFont: 'Font families',
  customFontHint: 'Separated by commas, e.g. "Open Sans", Arial, sans-serif. Only fonts the site already loads or that are installed.',
  launcher: 'Launcher',
  position: 'Position',
  positions: { 'bottom-right': 'Bottom right', 'bottom-left': 'Bottom left' },
  labelEs: 'Launcher text in Spanish',
  labelEn: 'Launcher text in English',
  labelHint: (max) => `Plain text, up to ${max} characters.`,
  mode: 'Dark mode',
  modes: { auto: 'Automatic (the visitor’s system setting)', light: 'Always light', dark: 'Always dark' },
  source: (source) => `Current value: ${source}.`,
  sources: { console: 'saved in the console', default: 'the default', file: 'from the file', env: 'from an environment variable' },
  unsaved: 'Unsaved changes: the preview already shows them.',
  save: 'Save theme',
  saved: 'Theme saved: embed.js serves it now.',
  discard: 'Discard changes',
  reset: 'Back to the default',
  resetTitle: 'Go back to the default appearance?',
  resetMessage: 'The widget on every site goes back to its built-in look. It is recorded in the history and can be undone.',
  resetDone: 'Default appearance restored.',
  invalid: 'Check the marked fields.',
  stale: 'Someone else changed the appearance while you were editing. Reload to see their version and apply your changes again.',
  reload: 'Reload',
  leaveTitle: 'Leave without saving?',
  leaveMessage: 'Your changes to the widget’s appearance are not saved.',
  leave: 'Leave',
  preview: 'Preview',
  previewHint: 'The real widget, with your unsaved changes. Press its button to open the panel.',
  previewLanguage: 'Preview language',
  previewFrame: 'Widget preview',
  openPanel: 'Open the panel',
  snippet: 'Code to paste',
  snippetHint: 'One tag on every page of the site. The saved theme comes with it; any data-* attributes you add (data-theme, data-position, data-color) take precedence.',
  copy: 'Copy',
  copied: 'Code copied.',
  copyFailed: 'Could not copy; select the text and copy it.',
  history: 'History',
  noHistory: 'No changes yet.',
  backToStart: 'Back to the default',
  changedBy: (name, when) => `${name}, ${when}`,
  restore: 'Restore',
  restoreTitle: 'Restore this version?',
  restoreMessage: (when) => `The appearance goes back to the one saved on ${when}, as a new change in the history.`,
  restored: 'Version restored.',
  restoreInvalid: 'That version does not meet today’s rules; change the appearance by hand.',
};
