import { FormFieldSelect, FormFieldTextarea, Heading, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskMethod } from '../../../../src/domain/risk.ts';
import { scoreScenario } from '../../api/cycle-work.ts';
import type { RiskScenario } from '../../api/cycles.ts';
import { FormFoot, useFormSubmit } from '../FormSubmit.tsx';
import { RiskClassFields, riskClassesOf } from './RiskClassFields.tsx';

interface Props {
  cycleId: string;
  method: RiskMethod;
  scenarios: readonly RiskScenario[];
  phase: 'analysis' | 'reassessment';
  onSaved: () => void;
}

/** (Re-)scores an existing scenario: in step 4 the re-assessment after the measures, prefilled with the stored classes. */
export function ScenarioScoreForm({ cycleId, method, scenarios, phase, onSaved }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const [scenarioId, setScenarioId] = useState(scenarios[0]?.id ?? '');
  const scenario = scenarios.find((entry) => entry.id === scenarioId);
  const stored = scenario ? (scenario[phase] ?? scenario.analysis) : undefined;
  const testId = `scenario-score-form-${phase}`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const rationale = String(form.get('rationale') ?? '').trim();
    if (await submit.run(() => scoreScenario(cycleId, scenarioId, { ...riskClassesOf(form, method), phase, ...(rationale ? { rationale } : {}) }))) onSaved();
  }

  return (
    <form className="vitaal-form" data-testid={testId} onSubmit={(event) => void save(event)} noValidate>
      <Heading level={3}>{t(`cycleWork.scenarioScore.${phase}`)}</Heading>
      <FormFieldSelect label={t('cycles.scenario')} name="scenarioId" value={scenarioId} onChange={(event: ChangeEvent<HTMLSelectElement>) => setScenarioId(event.target.value)}>
        {scenarios.map((entry) => (
          <SelectOption key={entry.id} value={entry.id}>
            {entry.key}: {entry.title}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <div key={`${scenarioId}-${stored?.scoredAt ?? ''}`} className="vitaal-form">
        <RiskClassFields method={method} initial={stored} />
        <FormFieldTextarea label={t('cycles.rationale')} name="rationale" rows={2} defaultValue={stored?.rationale ?? ''} />
      </div>
      <FormFoot state={submit} label={t('cycleWork.save')} savedText={t('cycleWork.saved')} testId={testId} />
    </form>
  );
}
