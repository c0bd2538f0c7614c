import { createContext, useContext } from 'react';
import type { Session } from './api/client';

export interface SessionContextValue {
  session: Session;
  signOut: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

/** The signed-in user; only rendered inside the signed-in part of the app. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}
