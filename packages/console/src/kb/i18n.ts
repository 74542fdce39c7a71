// The knowledge-base screens' words, in this chunk only (agents and admins download them when
// they first open the knowledge base, and the main catalogue stays small).
export interface KbStrings {
  title: string;
  tabs: { list: string; new: string; categories: string; synonyms: string; health: string };
  readOnly: string;
  // list
  search: string;
  language: string;
  any: string;
  state: string;
  states: { published: string; draft: string; changed: string; unpublished: string };
  category: string;
  visibility: string;
  visibilities: { public: string; customers: string; internal: string };
  filter: string;
  count: (n: number) => string;
  none: string;
  updated: string;
  by: string;
  languages: { es: string; en: string };
  // editor
  newArticle: string;
  articleTitle: string;
  slug: string;
  slugHint: string;
  tags: string;
  tagsHint: string;
  type: string;
  types: { article: string; faq: string };
  translation: string;
  translationHint: string;
  body: string;
  preview: string;
  previewing: string;
  previewLimited: string;
  previewFailed: string;
  saveDraft: string;
  discardDraft: string;
  publish: string;
  publishAnyway: string;
  unpublish: string;
  saved: string;
  discarded: string;
  published: string;
  unpublished: string;
  restored: string;
  notFound: string;
  draftBy: (name: string, when: string) => string;
  conflictTitle: string;
  conflictText: string;
  confirmDiscardTitle: string;
  confirmDiscardText: string;
  confirmUnpublishTitle: (title: string) => string;
  confirmUnpublishText: string;
  confirmRestoreTitle: string;
  confirmRestoreText: string;
  restore: string;
  confirmLeaveTitle: string;
  confirmLeaveText: string;
  leave: string;
  unsaved: string;
  fixFields: string;
  errors: { titleRequired: string; bodyRequired: string; slugInvalid: string; slugTaken: string; categoryRequired: string; translationInvalid: string; tooManyTags: string };
  // revisions
  revisions: string;
  noRevisions: string;
  sources: { console: string; import: string; restore: string; unpublish: string };
  compare: string;
  diffTitle: (when: string) => string;
  diffLegend: string;
  noDifference: string;
  closeDiff: string;
  // categories
  key: string;
  keyHint: string;
  name: (lang: string) => string;
  description: (lang: string) => string;
  articles: string;
  moveUp: (name: string) => string;
  moveDown: (name: string) => string;
  rename: string;
  createCategory: string;
  categoryCreated: string;
  categorySaved: string;
  orderSaved: string;
  keyTaken: string;
  // synonyms
  synonymsHint: string;
  synonymsSaved: string;
  synonymsLine: (lang: string, line: number) => string;
  synonymsGroupTooSmall: string;
  // the history of the categories and the synonyms
  reloadDraft: string;
  taxonomyHistory: string;
  taxonomySources: { console: string; import: string; restore: string };
  taxonomySummary: { categories: (n: number, names: string) => string; synonyms: (es: number, en: number) => string };
  taxonomyCurrent: string;
  taxonomyEmpty: string;
  taxonomyColumns: { when: string; who: string; what: string };
  taxonomyRestore: string;
  taxonomyRestoreLabel: (when: string) => string;
  taxonomyRestoreTitle: string;
  taxonomyRestoreText: { categories: string; synonyms: string };
  taxonomyRestored: string;
  // health
  days: string;
  show: string;
  zeroResults: string;
  zeroResultsHint: string;
  query: string;
  times: string;
  lastSearched: string;
  writeArticle: string;
  unhelpful: string;
  noVotes: string;
  yesVotes: string;
  stale: string;
  staleHint: string;
  untranslated: string;
  missing: string;
  allGood: string;
}

export const en: KbStrings = {
  title: 'Knowledge base',
  tabs: { list: 'Articles', new: 'New article', categories: 'Categories', synonyms: 'Synonyms', health: 'Content health' },
  readOnly: 'You can read the knowledge base here; admins change it.',
  search: 'Search titles',
  language: 'Language',
  any: 'Any',
  state: 'State',
  states: { published: 'Published', draft: 'Draft (never published)', changed: 'Published, with a draft', unpublished: 'Taken down' },
  category: 'Category',
  visibility: 'Visibility',
  visibilities: { public: 'Public', customers: 'Customers only', internal: 'Internal (staff)' },
  filter: 'Show',
  count: (n) => (n === 1 ? '1 article' : `${n} articles`),
  none: 'No article matches.',
  updated: 'Updated',
  by: 'By',
  languages: { es: 'Spanish', en: 'English' },
  newArticle: 'New article',
  articleTitle: 'Title',
  slug: 'Address (slug)',
  slugHint: 'Lowercase letters, digits and hyphens, e.g. change-your-plan. It cannot change later.',
  tags: 'Tags',
  tagsHint: 'Separated by commas.',
  type: 'Type',
  types: { article: 'Article', faq: 'Questions and answers (FAQ)' },
  translation: 'Translation key',
  translationHint: 'The same key on the article in the other language links the two (e.g. change-plan). Empty: none.',
  body: 'Text (markdown)',
  preview: 'Preview',
  previewing: 'Updating the preview…',
  previewLimited: 'Too many previews in a minute: the preview waits a moment.',
  previewFailed: 'The preview could not be updated.',
  saveDraft: 'Save draft',
  discardDraft: 'Discard draft',
  publish: 'Publish',
  publishAnyway: 'Publish anyway',
  unpublish: 'Take down',
  saved: 'Draft saved. Customers do not see it until you publish.',
  discarded: 'Draft discarded.',
  published: 'Published: the portal and the widget show it within a second.',
  unpublished: 'Taken down: customers no longer see it.',
  restored: 'Revision restored as a draft: publish it to make it live.',
  notFound: 'There is no such article.',
  draftBy: (name, when) => `Draft by ${name}, ${when}.`,
  conflictTitle: 'Someone published this article after this draft was started',
  conflictText: 'Publishing the draft replaces their version. Compare with the revisions below first, or publish anyway.',
  confirmDiscardTitle: 'Discard the draft?',
  confirmDiscardText: 'The draft’s changes are lost; the published version stays.',
  confirmUnpublishTitle: (title) => `Take “${title}” down?`,
  confirmUnpublishText: 'Customers stop seeing it in the portal, the widget and search at once. It stays in the history and can be restored.',
  confirmRestoreTitle: 'Restore this revision?',
  confirmRestoreText: 'It becomes the article’s draft, replacing the current draft if there is one.',
  restore: 'Restore as draft',
  confirmLeaveTitle: 'Leave without saving?',
  confirmLeaveText: 'Your changes to this article are not saved.',
  leave: 'Leave',
  unsaved: 'Unsaved changes',
  fixFields: 'Some fields need fixing: see the messages next to them.',
  errors: {
    titleRequired: 'Write a title.',
    bodyRequired: 'Write the article’s text.',
    slugInvalid: 'Use lowercase letters, digits and single hyphens (e.g. change-your-plan).',
    slugTaken: 'An article with this address exists already (perhaps taken down or as a draft): open it from the list, or choose another address.',
    categoryRequired: 'Choose a category.',
    translationInvalid: 'Use lowercase letters, digits and single hyphens, or leave it empty.',
    tooManyTags: 'At most 20 tags of up to 50 characters.',
  },
  revisions: 'History',
  noRevisions: 'Not published yet: no history.',
  sources: { console: 'Published from the console', import: 'Imported from files', restore: 'Restored', unpublish: 'Taken down' },
  compare: 'Compare with the text above',
  diffTitle: (when) => `Changes from the revision of ${when} to the text above`,
  diffLegend: 'Lines marked − are only in the revision; lines marked + only in the text above.',
  noDifference: 'The text is the same.',
  closeDiff: 'Close the comparison',
  key: 'Key',
  keyHint: 'Lowercase letters, digits and hyphens; articles name their category by it.',
  name: (lang) => `Name (${lang})`,
  description: (lang) => `Description (${lang})`,
  articles: 'Articles',
  moveUp: (name) => `Move “${name}” up`,
  moveDown: (name) => `Move “${name}” down`,
  rename: 'Save names',
  createCategory: 'Create category',
  categoryCreated: 'Category created.',
  categorySaved: 'Category saved.',
  orderSaved: 'Order saved.',
  keyTaken: 'A category with this key exists.',
  synonymsHint: 'One group per line: words search treats alike, separated by commas (e.g. bill, invoice, receipt).',
  synonymsSaved: 'Synonyms saved: search uses them at once.',
  synonymsLine: (lang, line) => `${lang}, line ${line}`,
  synonymsGroupTooSmall: 'each group needs at least two words',
  reloadDraft: 'Reload the article (the text typed here is lost)',
  taxonomyHistory: 'History',
  taxonomySources: { console: 'Changed in the console', import: 'Imported from files', restore: 'Restored' },
  taxonomySummary: {
    categories: (n, names) => `${n} ${n === 1 ? 'category' : 'categories'}: ${names}`,
    synonyms: (es, en) => `${es} ${es === 1 ? 'group' : 'groups'} in Spanish, ${en} in English`,
  },
  taxonomyCurrent: 'in effect',
  taxonomyEmpty: 'No changes yet.',
  taxonomyColumns: { when: 'When', who: 'Who', what: 'What' },
  taxonomyRestore: 'Restore',
  taxonomyRestoreLabel: (when) => `Restore the value of ${when}`,
  taxonomyRestoreTitle: 'Restore this value?',
  taxonomyRestoreText: {
    categories: 'The categories take back this order and these names, as a new change that also stays in the history. Categories made since stay, after these.',
    synonyms: 'The synonyms go back to these groups, as a new change that also stays in the history. Search uses them at once.',
  },
  taxonomyRestored: 'Restored: the portal, the widget and search use it at once.',
  days: 'Searches and votes of the last (days)',
  show: 'Show',
  zeroResults: 'Searches that found nothing',
  zeroResultsHint: 'What readers looked for in vain: perhaps an article to write, or a synonym to add.',
  query: 'Search',
  times: 'Times',
  lastSearched: 'Last',
  writeArticle: 'Write an article',
  unhelpful: 'Articles with most “no” votes',
  noVotes: '“No”',
  yesVotes: '“Yes”',
  stale: 'Not updated for a year',
  staleHint: 'By their “updated” date, oldest first.',
  untranslated: 'Missing a translation',
  missing: 'Missing in',
  allGood: 'Nothing here.',
};

export const es: KbStrings = {
  title: 'Base de conocimiento',
  tabs: { list: 'Artículos', new: 'Nuevo artículo', categories: 'Categorías', synonyms: 'Sinónimos', health: 'Salud del contenido' },
  readOnly: 'Aquí puedes leer la base de conocimiento; la cambian los administradores.',
  search: 'Buscar en los títulos',
  language: 'Idioma',
  any: 'Cualquiera',
  state: 'Estado',
  states: { published: 'Publicado', draft: 'Borrador (nunca publicado)', changed: 'Publicado, con borrador', unpublished: 'Retirado' },
  category: 'Categoría',
  visibility: 'Visibilidad',
  visibilities: { public: 'Público', customers: 'Solo clientes', internal: 'Interno (personal)' },
  filter: 'Mostrar',
  count: (n) => (n === 1 ? '1 artículo' : `${n} artículos`),
  none: 'Ningún artículo coincide.',
  updated: 'Actualizado',
  by: 'Por',
  languages: { es: 'Español', en: 'Inglés' },
  newArticle: 'Nuevo artículo',
  articleTitle: 'Título',
  slug: 'Dirección (slug)',
  slugHint: 'Minúsculas, cifras y guiones, p. ej. cambiar-de-tarifa. No se puede cambiar después.',
  tags: 'Etiquetas',
  tagsHint: 'Separadas por comas.',
  type: 'Tipo',
  types: { article: 'Artículo', faq: 'Preguntas y respuestas (FAQ)' },
  translation: 'Clave de traducción',
  translationHint: 'La misma clave en el artículo del otro idioma los enlaza (p. ej. change-plan). Vacía: ninguna.',
  body: 'Texto (markdown)',
  preview: 'Vista previa',
  previewing: 'Actualizando la vista previa…',
  previewLimited: 'Demasiadas vistas previas en un minuto: la vista previa espera un momento.',
  previewFailed: 'No se pudo actualizar la vista previa.',
  saveDraft: 'Guardar borrador',
  discardDraft: 'Descartar borrador',
  publish: 'Publicar',
  publishAnyway: 'Publicar de todos modos',
  unpublish: 'Retirar',
  saved: 'Borrador guardado. Los clientes no lo ven hasta que lo publiques.',
  discarded: 'Borrador descartado.',
  published: 'Publicado: el portal y el widget lo muestran en menos de un segundo.',
  unpublished: 'Retirado: los clientes ya no lo ven.',
  restored: 'Revisión restaurada como borrador: publícala para que esté en línea.',
  notFound: 'Ese artículo no existe.',
  draftBy: (name, when) => `Borrador de ${name}, ${when}.`,
  conflictTitle: 'Alguien publicó este artículo después de empezar este borrador',
  conflictText: 'Publicar el borrador sustituye su versión. Compáralo antes con las revisiones de abajo, o publícalo de todos modos.',
  confirmDiscardTitle: '¿Descartar el borrador?',
  confirmDiscardText: 'Se pierden los cambios del borrador; la versión publicada se queda.',
  confirmUnpublishTitle: (title) => `¿Retirar «${title}»?`,
  confirmUnpublishText: 'Los clientes dejan de verlo en el portal, el widget y la búsqueda al momento. Queda en el historial y se puede restaurar.',
  confirmRestoreTitle: '¿Restaurar esta revisión?',
  confirmRestoreText: 'Pasa a ser el borrador del artículo y sustituye el borrador actual si lo hay.',
  restore: 'Restaurar como borrador',
  confirmLeaveTitle: '¿Salir sin guardar?',
  confirmLeaveText: 'Tus cambios en este artículo no están guardados.',
  leave: 'Salir',
  unsaved: 'Cambios sin guardar',
  fixFields: 'Hay campos que corregir: mira los mensajes junto a ellos.',
  errors: {
    titleRequired: 'Escribe un título.',
    bodyRequired: 'Escribe el texto del artículo.',
    slugInvalid: 'Usa minúsculas, cifras y guiones sueltos (p. ej. cambiar-de-tarifa).',
    slugTaken: 'Ya hay un artículo con esta dirección (quizá retirado o en borrador): ábrelo desde la lista o elige otra dirección.',
    categoryRequired: 'Elige una categoría.',
    translationInvalid: 'Usa minúsculas, cifras y guiones sueltos, o déjala vacía.',
    tooManyTags: 'Como mucho 20 etiquetas de hasta 50 caracteres.',
  },
  revisions: 'Historial',
  noRevisions: 'Aún sin publicar: sin historial.',
  sources: { console: 'Publicado desde la consola', import: 'Importado de archivos', restore: 'Restaurado', unpublish: 'Retirado' },
  compare: 'Comparar con el texto de arriba',
  diffTitle: (when) => `Cambios de la revisión del ${when} al texto de arriba`,
  diffLegend: 'Las líneas con − solo están en la revisión; las líneas con + solo en el texto de arriba.',
  noDifference: 'El texto es el mismo.',
  closeDiff: 'Cerrar la comparación',
  key: 'Clave',
  keyHint: 'Minúsculas, cifras y guiones; los artículos nombran su categoría con ella.',
  name: (lang) => `Nombre (${lang})`,
  description: (lang) => `Descripción (${lang})`,
  articles: 'Artículos',
  moveUp: (name) => `Subir «${name}»`,
  moveDown: (name) => `Bajar «${name}»`,
  rename: 'Guardar nombres',
  createCategory: 'Crear categoría',
  categoryCreated: 'Categoría creada.',
  categorySaved: 'Categoría guardada.',
  orderSaved: 'Orden guardado.',
  keyTaken: 'Ya hay una categoría con esta clave.',
  synonymsHint: 'Un grupo por línea: palabras que la búsqueda trata igual, separadas por comas (p. ej. factura, recibo).',
  synonymsSaved: 'Sinónimos guardados: la búsqueda los usa al momento.',
  synonymsLine: (lang, line) => `${lang}, línea ${line}`,
  synonymsGroupTooSmall: 'cada grupo necesita al menos dos palabras',
  reloadDraft: 'Recargar el artículo (se pierde el texto escrito aquí)',
  taxonomyHistory: 'Historial',
  taxonomySources: { console: 'Cambiado en la consola', import: 'Importado de archivos', restore: 'Restaurado' },
  taxonomySummary: {
    categories: (n, names) => `${n} ${n === 1 ? 'categoría' : 'categorías'}: ${names}`,
    synonyms: (es, en) => `${es} ${es === 1 ? 'grupo' : 'grupos'} en español, ${en} en inglés`,
  },
  taxonomyCurrent: 'en vigor',
  taxonomyEmpty: 'Sin cambios todavía.',
  taxonomyColumns: { when: 'Cuándo', who: 'Quién', what: 'Qué' },
  taxonomyRestore: 'Restaurar',
  taxonomyRestoreLabel: (when) => `Restaurar el valor del ${when}`,
  taxonomyRestoreTitle: '¿Restaurar este valor?',
  taxonomyRestoreText: {
    categories: 'Las categorías recuperan este orden y estos nombres, como un cambio nuevo que también queda en el historial. Las categorías creadas después se mantienen, tras estas.',
    synonyms: 'Los sinónimos vuelven a estos grupos, como un cambio nuevo que también queda en el historial. La búsqueda los usa al momento.',
  },
  taxonomyRestored: 'Restaurado: el portal, el widget y la búsqueda lo usan al momento.',
  days: 'Búsquedas y votos de los últimos (días)',
  show: 'Mostrar',
  zeroResults: 'Búsquedas sin resultados',
  zeroResultsHint: 'Lo que los lectores buscaron en vano: quizá un artículo por escribir o un sinónimo por añadir.',
  query: 'Búsqueda',
  times: 'Veces',
  lastSearched: 'Última',
  writeArticle: 'Escribir un artículo',
  unhelpful: 'Artículos con más votos «no»',
  noVotes: '«No»',
  yesVotes: '«Sí»',
  stale: 'Sin actualizar desde hace un año',
  staleHint: 'Por su fecha de actualización, los más antiguos primero.',
  untranslated: 'Sin traducción',
  missing: 'Falta en',
  allGood: 'Nada por aquí.',
};

export const KB_STRINGS = { es, en } as const;
