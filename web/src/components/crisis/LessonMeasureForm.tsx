import { FormFieldCheckboxOption, FormFieldTextInput, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { instantFromAmsterdamLocal } from '../../amsterdam-time.ts';
import { cyclesTakingMeasures, lessonToMeasure, type LessonMeasureBody } from '../../api/crisis-plans.ts';
import { listOrganisations, listProcesses } from '../../api/registry.ts';
import type { Exercise } from '../../api/simulations.ts';
import { formatDateTime } from '../../format.ts';
import { useLoad } from '../../use-api.ts';
import { CycleForm, fieldOf } from '../cycle/CycleForm.tsx';
import { OptionSelect } from '../OptionSelect.tsx';
import { ErrorState, Loading } from '../PageStates.tsx';

interface Props {
  exercise: Exercise;
  processId: string;
  onSaved: () => void;
}

/**
 * Turns a lesson learned into a measure of the action programme of an open cycle of the plan's vital process. The cycles
 * and scopes offered are those the cycle's abilities allow the user (src/services/policy.ts `cycleAbilities`).
 */
export function LessonMeasureForm({ exercise, processId, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const [cycleId, setCycleId] = useState<string>();
  const [scope, setScope] = useState<LessonMeasureBody['scope']>();
  const loaded = useLoad(() => Promise.all([cyclesTakingMeasures(processId), listOrganisations(), listProcesses()]), `lesson-measure:${processId}`);
  const lessons = exercise.lessons.filter((lesson) => lesson.measureId === null);
  if (lessons.length === 0) return null;
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} />;
  const [cycles, organisations, processes] = loaded.data;
  if (cycles.length === 0) return <Paragraph data-testid="lesson-measure-none">{t('crisis.noCycleForMeasures')}</Paragraph>;
  const cycle = cycles.find((entry) => entry.id === cycleId) ?? cycles[0]!;
  const scopes = cycle.abilities.addMeasureScopes;
  const chosenScope = scope && scopes.includes(scope) ? scope : scopes[0]!;

  const send = (form: FormData) => {
    const due = fieldOf(form, 'dueAt');
    return lessonToMeasure(exercise.id, fieldOf(form, 'lessonId'), {
      cycleId: cycle.id,
      scope: chosenScope,
      ownerOrgId: fieldOf(form, 'ownerOrgId'),
      // Due at the end of that day in Dutch time; a malformed date goes to the server as typed, to be refused there.
      dueAt: instantFromAmsterdamLocal(`${due}T23:59`) ?? due,
      ...(chosenScope === 'cross-sector' ? { processIds: form.getAll('processIds').map(String) } : {}),
    });
  };

  return (
    <CycleForm testId="lesson-measure-form" title={t('crisis.lessonToMeasure')} submitLabel={t('crisis.makeMeasure')} send={send} onSaved={onSaved}>
      <OptionSelect label={t('simulation.lesson')} name="lessonId" options={lessons.map((lesson) => ({ value: lesson.id, label: lesson.title }))} />
      <OptionSelect
        label={t('crisis.cycle')}
        name="cycleId"
        value={cycle.id}
        onChange={setCycleId}
        options={cycles.map((entry) => ({ value: entry.id, label: t('crisis.cycleLabel', { kind: t(`cycles.kinds.${entry.kind}`), due: formatDateTime(entry.dueAt, i18n.language) }) }))}
      />
      <OptionSelect label={t('crisis.scope')} name="scope" value={chosenScope} onChange={(value) => setScope(value as typeof chosenScope)} options={scopes.map((entry) => ({ value: entry, label: t(`cycles.scopes.${entry}`) }))} />
      {chosenScope === 'cross-sector' && (
        <fieldset className="vitaal-checklist">
          <legend>{t('crisis.otherProcesses')}</legend>
          {processes.items
            .filter((process) => process.id !== processId)
            .map((process) => (
              <FormFieldCheckboxOption key={process.id} label={english ? process.nameEn : process.nameNl} name="processIds" value={process.id} />
            ))}
        </fieldset>
      )}
      <OptionSelect key={cycle.id} label={t('cycles.owner')} name="ownerOrgId" defaultValue={cycle.ministryId} options={organisations.items.map((organisation) => ({ value: organisation.id, label: organisation.name }))} />
      <FormFieldTextInput label={t('crisis.dueDate')} description={t('crisis.dueHint')} name="dueAt" type="date" required />
    </CycleForm>
  );
}
