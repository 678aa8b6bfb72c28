import { Button, Heading, Link, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCycleWorkspace, moveCycleStep, type CycleWorkspace } from '../api/cycles.ts';
import { cycleAbilities } from '../components/cycle/abilities.ts';
import { AnalysisStep } from '../components/cycle/AnalysisStep.tsx';
import { DesignationStep } from '../components/cycle/DesignationStep.tsx';
import { EffectivenessStep } from '../components/cycle/EffectivenessStep.tsx';
import { ProgrammeStep } from '../components/cycle/ProgrammeStep.tsx';
import { ProblemAlert, useFormSubmit } from '../components/FormSubmit.tsx';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { formatDateTime } from '../format.ts';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

/** The cycle workspace: the four steps of the cyclus vitaal, each with what the user may see of it and the forms of what the user may do in it. */
export function CyclePage({ id }: { id: string }) {
  const { t } = useTranslation();
  useTitle(t('cycles.workspace'));
  const data = useLoad(() => getCycleWorkspace(id), id);
  if (data.state === 'loading') return <Loading />;
  if (data.state === 'error') return <ErrorState error={data.error} />;
  return <Workspace key={id} initial={data.data} />;
}

function Workspace({ initial }: { initial: CycleWorkspace }) {
  const { t, i18n } = useTranslation();
  // After a write the workspace is read again in place, so that the form keeps its confirmation.
  const [data, setData] = useState(initial);
  const [reloadError, setReloadError] = useState<Error>();
  const { cycle } = data;
  const abilities = cycleAbilities(data);
  const advance = useFormSubmit();
  const current = cycle.steps.find((step) => step.state !== 'completed');
  const onChange = () => void getCycleWorkspace(cycle.id).then(setData, (error: unknown) => setReloadError(error instanceof Error ? error : new Error(String(error))));

  async function move() {
    if (current && (await advance.run(() => moveCycleStep(cycle.id, current.step, current.state === 'not-started' ? 'in-progress' : 'completed')))) onChange();
  }

  return (
    <>
      <Paragraph>
        <Link href="/cycles">{t('common.back')}</Link>
      </Paragraph>
      <Heading level={1}>{t('cycles.workspace')}</Heading>
      <Paragraph>
        {t(`cycles.kinds.${cycle.kind}`)} · {t('cycles.due')}: {formatDateTime(cycle.dueAt, i18n.language)} · <span className="vitaal-badge">{t(`cycles.statuses.${cycle.status}`)}</span>
      </Paragraph>
      <ol className="vitaal-steps" aria-label={t('cycles.stepsLabel')} data-testid="cycle-steps">
        {cycle.steps.map((step) => (
          <li key={step.step} data-state={step.state} aria-current={step === current ? 'step' : undefined}>
            {step.position}. {t(`cycles.steps.${step.step}`)}: {t(`cycles.stepStates.${step.state}`)}
          </li>
        ))}
      </ol>
      {abilities.runsCycle && current && (
        <Button appearance="primary-action-button" onClick={() => void move()} disabled={advance.busy} data-testid="advance-step">
          {current.state === 'not-started' ? t('cycles.start', { step: t(`cycles.steps.${current.step}`) }) : t('cycles.complete', { step: t(`cycles.steps.${current.step}`) })}
        </Button>
      )}
      <ProblemAlert error={advance.problem ?? reloadError} testId="advance-problem" />
      <Paragraph>
        <Link href={`/api/v1/cycles/${cycle.id}/report.pdf?language=${i18n.language === 'en' ? 'en' : 'nl'}`}>{t('cycles.pdf')}</Link> · <Link href={`/api/v1/cycles/${cycle.id}/export.xlsx`}>{t('cycles.xlsx')}</Link>
      </Paragraph>
      <DesignationStep data={data} abilities={abilities} onSaved={onChange} />
      <AnalysisStep data={data} abilities={abilities} onSaved={onChange} />
      <ProgrammeStep data={data} abilities={abilities} onSaved={onChange} />
      <EffectivenessStep data={data} abilities={abilities} onSaved={onChange} />
    </>
  );
}
