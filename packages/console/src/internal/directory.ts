// What several screens list and rarely changes: the team (for assigning and filtering) and the
// knowledge base's categories per language. Loaded once and shared for a few minutes, so
// opening case after case does not ask again each time.
import type { CategoryList, StaffUser } from '@ayuda/client/staff';
import { api } from './api.js';

const TTL_MS = 5 * 60_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

/** The active staff accounts. */
export function team(): Promise<StaffUser[]> {
  return cached('team', async () => (await api().staffUsers()).users.filter((u) => !u.disabled));
}

/** The knowledge base's categories in a language. */
export function categories(locale: 'es' | 'en'): Promise<CategoryList['categories']> {
  return cached(`categories:${locale}`, async () => (await api().listCategories(locale)).categories);
}

/** Forgets everything (signed out, or an admin changed the team). */
export function forgetDirectory(): void {
  cache.clear();
}
