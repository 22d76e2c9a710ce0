import type { ReactNode } from 'react';

/** The frame of an admin page: a title with its main action beside it, an optional introduction, the content. */
export function AdminPage({
  title,
  action,
  intro,
  children,
}: {
  title: ReactNode;
  action?: ReactNode;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="page">
      <div className="page-header">
        <h1>{title}</h1>
        {action}
      </div>
      {intro && <p className="page-intro">{intro}</p>}
      {children}
    </section>
  );
}

/** A titled panel of an admin page, with an optional line of help under the title. */
export function AdminPanel({
  title,
  help,
  testId,
  children,
}: {
  title: ReactNode;
  help?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="panel" data-testid={testId}>
      <h2>{title}</h2>
      {help && <p className="muted small">{help}</p>}
      {children}
    </div>
  );
}
