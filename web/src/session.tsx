import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, dataOf, setCsrfToken, type Session } from './api/client.ts';

interface SessionState {
  /** undefined while the first check runs; null when nobody is signed in. */
  session: Session | null | undefined;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/** Holds the signed-in user and the CSRF token; asks the server once at start whether a session exists. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  const accept = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken);
    setSession(next);
  }, []);

  useEffect(() => {
    api.GET('/api/v1/auth/session').then(
      (result) => accept(dataOf(result)),
      (error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401)) console.error(error);
        accept(null);
      },
    );
  }, [accept]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      login: async (email, password) => accept(dataOf(await api.POST('/api/v1/auth/login', { body: { email, password } }))),
      logout: async () => {
        try {
          await api.POST('/api/v1/auth/logout');
        } finally {
          accept(null);
        }
      },
    }),
    [session, accept],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user; only for pages rendered behind the login. */
export function useUser() {
  const { session } = useSession();
  if (!session) throw new Error('useUser without a session');
  return session.user;
}
