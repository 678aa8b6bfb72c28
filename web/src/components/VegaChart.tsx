import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TopLevelSpec } from 'vega-lite';

export interface VegaChartProps {
  /** A Vega-Lite spec with inline data, built in src/domain/charts (the PDF reports draw the same spec). */
  spec: TopLevelSpec;
  /** What the chart shows, for screen readers and as the visible caption. */
  description: string;
  testId?: string;
}

/**
 * Draws a chart as SVG with vega-embed. Vega is loaded on first use (its own chunk) and evaluates expressions with
 * vega-interpreter, because the app's CSP (script-src 'self') forbids the `new Function` Vega uses by default.
 */
export function VegaChart({ spec, description, testId }: VegaChartProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  // The outcome for the spec last drawn; a new spec is 'loading' until its own outcome arrives.
  const [outcome, setOutcome] = useState<{ spec: TopLevelSpec; state: 'ready' | 'failed' }>();
  const state = outcome?.spec === spec ? outcome.state : 'loading';

  useEffect(() => {
    let finalize: (() => void) | undefined;
    let cancelled = false;
    void (async () => {
      try {
        const [{ default: embed }, { expressionInterpreter }] = await Promise.all([import('vega-embed'), import('vega-interpreter')]);
        if (cancelled || !container.current) return;
        const result = await embed(container.current, spec, { renderer: 'svg', actions: false, ast: true, expr: expressionInterpreter });
        finalize = () => result.finalize();
        if (cancelled) finalize();
        else setOutcome({ spec, state: 'ready' });
      } catch {
        if (!cancelled) setOutcome({ spec, state: 'failed' });
      }
    })();
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec, description]);

  return (
    <figure className="vitaal-chart" data-testid={testId} data-state={state}>
      <div ref={container} role="img" aria-label={description} className={state === 'loading' ? 'vitaal-loading' : undefined} />
      {state === 'failed' && <p role="alert">{t('common.chartFailed')}</p>}
      <figcaption>{description}</figcaption>
    </figure>
  );
}
