// Who is acting on the staff API: a person signed in to the console (a staff user), or a
// script holding a staff API token. Every capability records actions through `actorKey`, so
// the history, the audit log and refunds name the same actor the same way.

export type StaffRole = 'agent' | 'admin';

export interface StaffActor {
  /** `user`: a staff user (console session); `token`: a staff API token (scripts). */
  kind: 'user' | 'token';
  /** The staff user's id, or the token's id. */
  id: number;
  name: string;
  /** A token acts with the role it was made with (`npx ayuda staff token create --role`, or an admin through the API). */
  role: StaffRole;
}

/**
 * The actor as history records it: `user:<id>` for people, `staff:<id>` for API tokens (the
 * form case history and refunds have used for tokens since before staff users existed).
 */
export const actorKey = (a: Pick<StaffActor, 'kind' | 'id'>): string => (a.kind === 'user' ? `user:${a.id}` : `staff:${a.id}`);
