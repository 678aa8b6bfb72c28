import { Button, FormFieldTextarea, FormFieldTextInput } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { instantFromAmsterdamLocal } from '../../amsterdam-time.ts';
import { addInject, addLesson, addObservation, createExercise, setExerciseState } from '../../api/crisis-plans.ts';
import type { Exercise } from '../../api/simulations.ts';
import { sinceStart } from './ExerciseTimeline.tsx';
import { CycleForm, fieldOf as text } from '../cycle/CycleForm.tsx';
import { OptionSelect, type Option } from '../OptionSelect.tsx';
import { ProblemAlert, useFormSubmit } from '../FormSubmit.tsx';

/** A whole number as typed; a malformed one goes to the server as typed, to be refused there with its path. */
const whole = (value: string): number => (value === '' || Number.isNaN(Number(value)) ? (value as unknown as number) : Number(value));

/** The frame of the cycle workspace's write forms, emptied after each success (these forms add things). */
function WriteForm(props: Omit<Parameters<typeof CycleForm>[0], 'resetAfterSave'>) {
  return <CycleForm {...props} resetAfterSave />;
}

/** Plans an exercise of a plan: the scenario it plays and when (Dutch time). */
export function ExerciseForm({ planId, scenarios, onSaved }: { planId: string; scenarios: readonly Option[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const send = (form: FormData) =>
    createExercise({ planId, scenarioId: text(form, 'scenarioId'), name: text(form, 'name'), scheduledAt: instantFromAmsterdamLocal(text(form, 'scheduledAt')) ?? text(form, 'scheduledAt'), injects: [] });
  return (
    <WriteForm testId="exercise-form" title={t('crisis.newExercise')} submitLabel={t('crisis.planExercise')} send={send} onSaved={onSaved}>
      <FormFieldTextInput label={t('crisis.exerciseName')} name="name" maxLength={300} required />
      <OptionSelect label={t('simulation.scenario')} name="scenarioId" options={scenarios} />
      <FormFieldTextInput label={t('crisis.scheduledAt')} description={t('crisis.dutchTime')} name="scheduledAt" type="datetime-local" required />
    </WriteForm>
  );
}

/** Adds an inject to the exercise's timeline, for one of the plan's roles. */
export function InjectForm({ exercise, roles, onSaved }: { exercise: Exercise; roles: readonly string[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const listId = `roles-${exercise.id}`;
  const send = (form: FormData) => addInject(exercise.id, { offsetMinutes: whole(text(form, 'offsetMinutes')), message: text(form, 'message'), targetRole: text(form, 'targetRole') });
  return (
    <WriteForm testId="inject-form" title={t('crisis.newInject')} submitLabel={t('crisis.addInject')} send={send} onSaved={onSaved}>
      <FormFieldTextInput label={t('crisis.offsetMinutes')} name="offsetMinutes" type="number" min={0} step={1} required />
      <FormFieldTextarea label={t('simulation.message')} name="message" rows={2} required />
      <FormFieldTextInput label={t('simulation.targetRole')} name="targetRole" list={listId} maxLength={200} required />
      <datalist id={listId}>
        {roles.map((role) => (
          <option key={role} value={role} />
        ))}
      </datalist>
    </WriteForm>
  );
}

/** Records what a participant observed, optionally at an inject or a moment of the exercise. */
export function ObservationForm({ exercise, onSaved }: { exercise: Exercise; onSaved: () => void }) {
  const { t } = useTranslation();
  const send = (form: FormData) => {
    const injectId = text(form, 'injectId');
    const offset = text(form, 'offsetMinutes');
    return addObservation(exercise.id, { text: text(form, 'text'), ...(injectId ? { injectId } : {}), ...(offset ? { offsetMinutes: whole(offset) } : {}) });
  };
  return (
    <WriteForm testId="observation-form" title={t('crisis.newObservation')} submitLabel={t('crisis.addObservation')} send={send} onSaved={onSaved}>
      <FormFieldTextarea label={t('simulation.observation')} name="text" rows={2} required />
      <OptionSelect
        label={t('crisis.atInject')}
        name="injectId"
        options={[{ value: '', label: t('common.none') }, ...exercise.injects.map((inject) => ({ value: inject.id, label: `${sinceStart(inject.offsetMinutes)}: ${inject.message}` }))]}
      />
      <FormFieldTextInput label={t('crisis.offsetMinutes')} name="offsetMinutes" type="number" min={0} step={1} />
    </WriteForm>
  );
}

/** Records a lesson learned, to become a measure of the action programme. */
export function LessonForm({ exercise, onSaved }: { exercise: Exercise; onSaved: () => void }) {
  const { t } = useTranslation();
  const send = (form: FormData) => addLesson(exercise.id, { title: text(form, 'title'), description: text(form, 'description') });
  return (
    <WriteForm testId="lesson-form" title={t('crisis.newLesson')} submitLabel={t('crisis.addLesson')} send={send} onSaved={onSaved}>
      <FormFieldTextInput label={t('crisis.lessonTitle')} name="title" maxLength={300} required />
      <FormFieldTextarea label={t('crisis.lessonDescription')} name="description" rows={2} required />
    </WriteForm>
  );
}

/** Starts a planned exercise or completes a running one. */
export function ExerciseStateButton({ exercise, onSaved }: { exercise: Exercise; onSaved: () => void }) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const next = exercise.status === 'planned' ? 'running' : 'completed';
  return (
    <div>
      <ProblemAlert error={submit.problem} />
      <Button appearance="secondary-action-button" disabled={submit.busy} data-testid="exercise-state" onClick={() => void submit.run(() => setExerciseState(exercise.id, next)).then((ok) => ok && onSaved())}>
        {t(next === 'running' ? 'crisis.start' : 'crisis.complete', { name: exercise.name })}
      </Button>
    </div>
  );
}
