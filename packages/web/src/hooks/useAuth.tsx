import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, hasSessionHint, onUnauthenticated, setCsrfToken } from '../api';
import type { Me, SessionResponse } from '../types';

interface AuthState {
  /** undefined while the session is being checked, null when signed out. */
  me: Me | null | undefined;
  signIn: (email: string, password: string) => Promise<Me>;
  /** Stores the session a one-time link acceptance returned. */
  adopt: (session: SessionResponse) => void;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const refresh = useCallback(async () => {
    if (!hasSessionHint()) {
      setMe(null);
      return;
    }
    try {
      const session = await api.get<SessionResponse>('/auth/me', { quiet401: true });
      setCsrfToken(session.csrfToken);
      setMe(session.user);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setMe(null);
      else setMe(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    onUnauthenticated(() => {
      setCsrfToken(null);
      setMe(null);
    });
    return () => onUnauthenticated(null);
  }, []);

  const adopt = useCallback((session: SessionResponse) => {
    setCsrfToken(session.csrfToken);
    setMe(session.user);
  }, []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const session = await api.post<SessionResponse>('/auth/login', { email, password }, { quiet401: true });
      adopt(session);
      return session.user;
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout', undefined, { quiet401: true });
    } finally {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, signIn, adopt, signOut, refresh }), [me, signIn, adopt, signOut, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth must be used inside <AuthProvider>');
  return state;
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe needs a signed-in user');
  return me;
}
