// How far searches count their matches, in a module of its own so that the widget's first view
// takes this number without the case limits beside it (`@ayuda/core/limits` re-exports it).

/**
 * How many matches a search counts for its `total` while it makes only the results shown: the
 * search API, the help portal's search page and the widget's "See all N results" say the same.
 */
export const SEARCH_COUNT_UP_TO = 1000;
