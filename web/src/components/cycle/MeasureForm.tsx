import { FormFieldCheckboxOption, FormFieldSelect, FormFieldTextarea, FormFieldTextInput, Heading, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { measureStatuses } from '../../../../src/domain/programme.ts';
import { resilienceIndicators, type ResilienceIndicator } from '../../../../src/domain/resilience.ts';
import type { RiskMethod } from '../../../../src/domain/risk.ts';
import { instantFromAmsterdamLocal } from '../../amsterdam-time.ts';
import { createMeasure, type MeasureInput } from '../../api/cycle-work.ts';
import type { CycleWorkspace } from '../../api/cycles.ts';
import { listOrganisations, listProcesses } from '../../api/registry.ts';
import { useLoad } from '../../use-api.ts';
import { FormFoot, useFormSubmit } from '../FormSubmit.tsx';
import { ErrorState, Loading } from '../PageStates.tsx';
import { LinkChoices, linksOf } from './LinkChoices.tsx';

interface Props {
  data: CycleWorkspace;
  scopes: readonly MeasureInput['scope'][];
  method: RiskMethod;
  onSaved: () => void;
}

/** Step 3: a measure of the action programme, sectoral or cross-sector, with its owner, due date, status, cost and the risks and indicators it addresses. */
export function MeasureForm({ data, scopes, method, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const submit = useFormSubmit();
  const [scope, setScope] = useState(scopes[0] ?? 'sectoral');
  const [round, setRound] = useState(0);
  const choices = useLoad(() => Promise.all([listOrganisations(), listProcesses()]), 'measure-form-choices');
  if (choices.state === 'loading') return <Loading />;
  if (choices.state === 'error') return <ErrorState error={choices.error} />;
  const [organisations, processes] = choices.data;
  const { cycle, scores, scenarios } = data;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const due = text('dueAt');
    const cost = text('costEstimateEur');
    const description = text('description');
    const body: MeasureInput = {
      title: text('title'),
      scope,
      ownerOrgId: text('ownerOrgId'),
      // A due date is the end of that day in Dutch time; a malformed one goes to the server as typed, to be refused there.
      dueAt: instantFromAmsterdamLocal(`${due}T23:59`) ?? due,
      status: text('status') as MeasureInput['status'],
      ...(description ? { description } : {}),
      ...(cost ? { costEstimateEur: Number(cost) } : {}),
      sharedWithProviders: form.get('shared') !== null,
      ...(scope === 'cross-sector' ? { processIds: form.getAll('processIds').map(String) } : {}),
      scenarios: linksOf(form, 'scenarios').map((link) => ({ scenarioId: link.value, ...(link.expected ? { expectedLikelihoodClass: link.expected } : {}) })),
      indicators: linksOf(form, 'indicators').map((link) => ({ indicator: link.value as ResilienceIndicator, ...(link.expected ? { expectedScore: Number(link.expected) } : {}) })),
    };
    if (await submit.run(() => createMeasure(cycle.id, body))) {
      setRound((value) => value + 1);
      onSaved();
    }
  }

  return (
    <form key={round} className="vitaal-form" data-testid="measure-form" onSubmit={(event) => void save(event)} noValidate>
      <Heading level={3}>{t('cycleWork.measureForm.title')}</Heading>
      <FormFieldTextInput label={t('cycles.measure')} name="title" maxLength={300} required />
      <FormFieldTextarea label={t('cycleWork.measureForm.description')} name="description" rows={2} />
      <FormFieldSelect label={t('cycleWork.measureForm.scope')} name="scope" value={scope} onChange={(event: ChangeEvent<HTMLSelectElement>) => setScope(event.target.value as typeof scope)}>
        {scopes.map((entry) => (
          <SelectOption key={entry} value={entry}>
            {t(`cycles.scopes.${entry}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      {scope === 'cross-sector' && (
        <fieldset className="vitaal-checklist">
          <legend>{t('cycleWork.measureForm.processes')}</legend>
          {processes.items
            .filter((process) => process.id !== cycle.processId)
            .map((process) => (
              <FormFieldCheckboxOption key={process.id} label={english ? process.nameEn : process.nameNl} name="processIds" value={process.id} />
            ))}
        </fieldset>
      )}
      <FormFieldSelect label={t('cycles.owner')} name="ownerOrgId" defaultValue={cycle.ministryId}>
        {organisations.items.map((organisation) => (
          <SelectOption key={organisation.id} value={organisation.id}>
            {organisation.name}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldTextInput label={t('cycleWork.measureForm.dueDate')} description={t('cycleWork.measureForm.dueHint')} name="dueAt" type="date" required />
      <FormFieldSelect label={t('cycles.measureStatus')} name="status" defaultValue="planned">
        {measureStatuses.map((status) => (
          <SelectOption key={status} value={status}>
            {t(`cycles.measureStatuses.${status}`)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldTextInput label={t('cycleWork.measureForm.cost')} name="costEstimateEur" type="number" min={0} step={1000} />
      <FormFieldCheckboxOption label={t('cycleWork.shareWithProviders')} name="shared" value="yes" />
      <LinkChoices
        legend={t('cycleWork.measureForm.scenarios')}
        name="scenarios"
        items={scenarios.items.map((entry) => ({ value: entry.id, label: `${entry.key}: ${entry.title}` }))}
        expectedLabel={t('cycleWork.measureForm.expectedLikelihood')}
        expectedOptions={method.likelihood.classes.map((entry) => ({ value: entry.class, label: `${entry.class} – ${english ? entry.nameEn : entry.nameNl}` }))}
      />
      <LinkChoices
        legend={t('cycleWork.measureForm.indicators')}
        name="indicators"
        items={resilienceIndicators.map((indicator) => ({ value: indicator, label: t(`cycles.indicators.${indicator}`) }))}
        expectedLabel={t('cycleWork.measureForm.expectedScore')}
        expectedOptions={scores.scale.levels.map((level) => ({ value: String(level.score), label: `${level.score} – ${english ? level.nameEn : level.nameNl}` }))}
      />
      <FormFoot state={submit} label={t('cycleWork.measureForm.submit')} savedText={t('cycleWork.saved')} testId="measure-form" />
    </form>
  );
}
