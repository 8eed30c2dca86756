import { createContext, useContext } from 'react';
import type { Person, Session } from './session';

export type Role = 'reporter' | 'approver' | 'programme-office' | 'viewer' | 'admin';

const SessionContext = createContext<Session | undefined>(undefined);

export const SessionProvider = SessionContext.Provider;

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}

export function usePerson(): Person {
  return useSession().person;
}

/** Whether the person holds one of the roles (admins hold every role's rights, as the services decide). */
export function hasRole(person: Person, ...roles: Role[]): boolean {
  return person.roles.includes('admin') || roles.some((role) => person.roles.includes(role));
}
