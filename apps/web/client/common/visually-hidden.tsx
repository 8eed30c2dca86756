import type { ReactNode } from 'react';

/** Text for screen readers only (a column's name where the column shows only buttons); styles.css hides it. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
