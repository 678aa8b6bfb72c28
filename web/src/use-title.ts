import { useEffect } from 'react';

/** Sets the document title to `<page> – Vitaal` (WCAG 2.4.2). */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} – Vitaal` : 'Vitaal';
  }, [title]);
}
