import type { ReactNode } from 'react';
import { useLang } from '../hooks/useLang';
import { LanguageSwitch } from './LanguageSwitch';

/** The frame of the pages a visitor sees before signing in. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useLang();
  return (
    <div className="auth-screen">
      <div className="auth-top">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">cynex</span>
        </span>
        <LanguageSwitch />
      </div>
      <main className="auth-card">
        <p className="auth-tagline">{t('app.tagline')}</p>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
