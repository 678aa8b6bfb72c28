import { FormFieldCheckboxOption, FormFieldTextarea, FormFieldTextInput } from '@rijkshuisstijl-community/components-react';
import { DateTime } from 'luxon';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { measureStatuses } from '../../../../src/domain/programme.ts';
import { resilienceIndicators, type ResilienceIndicator } from '../../../../src/domain/resilience.ts';
import type { RiskMethod } from '../../../../src/domain/risk.ts';
import { reportingZone } from '../../../../src/domain/reporting-deadlines.ts';
import { instantFromAmsterdamLocal } from '../../amsterdam-time.ts';
import { createMeasure, updateMeasure, type MeasureInput, type MeasurePatch } from '../../api/cycle-work.ts';
import type { CycleWorkspace, Measure } from '../../api/cycles.ts';
import { listOrganisations, listProcesses } from '../../api/registry.ts';
import { useLoad } from '../../use-api.ts';
import { ErrorState, Loading } from '../PageStates.tsx';
import { ChangeForm, CycleForm, fieldOf } from './CycleForm.tsx';
import { OptionSelect } from '../OptionSelect.tsx';
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
  const [scope, setScope] = useState(scopes[0] ?? 'sectoral');
  const choices = useLoad(() => Promise.all([listOrganisations(), listProcesses()]), 'measure-form-choices');
  if (choices.state === 'loading') return <Loading />;
  if (choices.state === 'error') return <ErrorState error={choices.error} />;
  const [organisations, processes] = choices.data;
  const { cycle, scores, scenarios } = data;

  const send = (form: FormData) => {
    const body: MeasureInput = {
      ...measureFieldsOf(form, false),
      title: fieldOf(form, 'title'),
      dueAt: dueAtOf(form),
      scope,
      ownerOrgId: fieldOf(form, 'ownerOrgId'),
      ...(scope === 'cross-sector' ? { processIds: form.getAll('processIds').map(String) } : {}),
      scenarios: linksOf(form, 'scenarios').map((link) => ({ scenarioId: link.value, ...(link.expected ? { expectedLikelihoodClass: link.expected } : {}) })),
      indicators: linksOf(form, 'indicators').map((link) => ({ indicator: link.value as ResilienceIndicator, ...(link.expected ? { expectedScore: Number(link.expected) } : {}) })),
    };
    return createMeasure(cycle.id, body);
  };

  return (
    <CycleForm testId="measure-form" title={t('cycleWork.measureForm.title')} submitLabel={t('cycleWork.measureForm.submit')} send={send} onSaved={onSaved} resetAfterSave>
      <MeasureFields>
        <OptionSelect label={t('cycleWork.measureForm.scope')} name="scope" value={scope} onChange={(value) => setScope(value as typeof scope)} options={scopes.map((entry) => ({ value: entry, label: t(`cycles.scopes.${entry}`) }))} />
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
        <OptionSelect label={t('cycles.owner')} name="ownerOrgId" defaultValue={cycle.ministryId} options={organisations.items.map((organisation) => ({ value: organisation.id, label: organisation.name }))} />
      </MeasureFields>
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
    </CycleForm>
  );
}

/**
 * The fields a measure is described with, when added and when changed (the PATCH route takes these): title,
 * description, due date, status, cost and sharing; `children` (scope, processes, owner) stand after the description.
 */
function MeasureFields({ initial, children }: { initial?: Measure; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <FormFieldTextInput label={t('cycles.measure')} name="title" maxLength={300} defaultValue={initial?.title} required />
      <FormFieldTextarea label={t('cycleWork.measureForm.description')} name="description" rows={2} defaultValue={initial?.description ?? ''} />
      {children}
      <FormFieldTextInput label={t('cycleWork.measureForm.dueDate')} description={t('cycleWork.measureForm.dueHint')} name="dueAt" type="date" defaultValue={initial ? amsterdamDateOf(initial.dueAt) : undefined} required />
      <OptionSelect label={t('cycles.measureStatus')} name="status" defaultValue={initial?.status ?? 'planned'} options={measureStatuses.map((status) => ({ value: status, label: t(`cycles.measureStatuses.${status}`) }))} />
      <FormFieldTextInput label={t('cycleWork.measureForm.cost')} name="costEstimateEur" type="number" min={0} step={1000} defaultValue={initial?.costEstimateEur ?? undefined} />
      <FormFieldCheckboxOption label={t('cycleWork.shareWithProviders')} name="shared" value="yes" defaultChecked={initial?.sharedWithProviders ?? false} />
    </>
  );
}

/** A due date is the end of that day in Dutch time; a malformed one goes to the server as typed, to be refused there. */
const dueAtOf = (form: FormData) => instantFromAmsterdamLocal(`${fieldOf(form, 'dueAt')}T23:59`) ?? fieldOf(form, 'dueAt');

/** The day of an instant in Dutch time, as a date field's value. */
const amsterdamDateOf = (iso: string) => DateTime.fromISO(iso).setZone(reportingZone).toISODate() ?? '';

/** The described fields as the API takes them; an emptied description or cost is sent only when changing (to clear it; a cost as null is not accepted, so it stays). */
function measureFieldsOf(form: FormData, changing: boolean): MeasurePatch {
  const description = fieldOf(form, 'description');
  const cost = fieldOf(form, 'costEstimateEur');
  return {
    title: fieldOf(form, 'title'),
    dueAt: dueAtOf(form),
    status: fieldOf(form, 'status') as MeasurePatch['status'],
    ...(description || changing ? { description } : {}),
    ...(cost ? { costEstimateEur: Number(cost) } : {}),
    sharedWithProviders: form.get('shared') !== null,
  };
}

/** Step 3: changes a measure entirely (title, description, due date, status, cost, sharing), for those who may. */
export function MeasureEditForm({ cycleId, measures, onSaved }: { cycleId: string; measures: readonly Measure[]; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <ChangeForm
      testId="measure-edit-form"
      title={t('cycleForms.measureEdit.title')}
      chooseLabel={t('cycleForms.measureEdit.choose')}
      items={measures}
      optionLabel={(measure) => measure.title}
      fields={(measure) => <MeasureFields initial={measure} />}
      send={(measure, form) => updateMeasure(cycleId, measure.id, measureFieldsOf(form, true))}
      onSaved={onSaved}
    />
  );
}
