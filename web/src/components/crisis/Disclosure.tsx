import type { ReactNode } from 'react';

/** Write forms folded away until asked for, so that a plan and its exercises read first; the browser keeps it open across reloads of the data. */
export function Disclosure({ summary, testId, children }: { summary: string; testId: string; children: ReactNode }) {
  return (
    <details data-testid={testId} style={{ marginBlock: '1rem' }}>
      <summary style={{ cursor: 'pointer', fontWeight: 700 }}>{summary}</summary>
      {children}
    </details>
  );
}
