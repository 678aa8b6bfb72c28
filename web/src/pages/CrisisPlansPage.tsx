import { Button, DataSummary, DataSummaryItem, Heading, Link, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCrisisPlans } from '../api/crisis-plans.ts';
import { listProcesses } from '../api/registry.ts';
import { listExercises, listScenarios, type CrisisPlan, type Exercise } from '../api/simulations.ts';
import { ExerciseForm, ExerciseStateButton, InjectForm, LessonForm, ObservationForm } from '../components/crisis/ExerciseForms.tsx';
import { ExerciseTimeline, sinceStart } from '../components/crisis/ExerciseTimeline.tsx';
import { LessonMeasureForm } from '../components/crisis/LessonMeasureForm.tsx';
import { Disclosure } from '../components/crisis/Disclosure.tsx';
import { PlanForm } from '../components/crisis/PlanForm.tsx';
import type { Option } from '../components/OptionSelect.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { ProblemAlert } from '../components/FormSubmit.tsx';
import { ErrorState, Loading, NoData } from '../components/PageStates.tsx';
import { formatDateTime } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';

interface PlanAction {
  description: string;
  role: string;
  escalationLevel?: number;
}
interface EscalationLevel {
  level: number;
  name: string;
  criteria: string;
}
interface PlanRole {
  role: string;
  responsibility: string;
}
interface PlanContact {
  name: string;
  role: string;
  phone?: string;
  email?: string;
}

async function loadPlans() {
  const [plans, processes, scenarios] = await Promise.all([getCrisisPlans(), listProcesses(), listScenarios()]);
  const exercises = await Promise.all(plans.items.map((plan) => listExercises(plan.id)));
  return {
    plans: plans.items.map((plan, index) => ({ plan, exercises: exercises[index]! })),
    createFor: plans.abilities.createForProcessIds,
    processes: new Map(processes.items.map((process) => [process.id, process])),
    scenarios: new Map(scenarios.map((scenario) => [scenario.id, scenario.name])),
  };
}

/**
 * National crisis plans per vital-process outage you may see, the scenarios that exercise them, and their exercises as
 * timelines. The write forms shown are those the API reports the user may use (the plans' and exercises' abilities).
 */
export function CrisisPlansPage() {
  const { t } = useTranslation();
  const user = useUser();
  useTitle(t('simulation.plansTitle'));
  const loaded = useLoad(loadPlans, user.id);
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} />;
  return <Plans initial={loaded.data} />;
}

function Plans({ initial }: { initial: Awaited<ReturnType<typeof loadPlans>> }) {
  const { t, i18n } = useTranslation();
  // After a write the plans are read again in place, so that the form keeps its confirmation.
  const [data, setData] = useState(initial);
  const [reloadError, setReloadError] = useState<Error>();
  const reload = () => void loadPlans().then(setData, (error: unknown) => setReloadError(error instanceof Error ? error : new Error(String(error))));
  const { plans, createFor, processes, scenarios } = data;
  const english = i18n.language === 'en';
  const processName = (id: string) => {
    const process = processes.get(id);
    return process ? (english ? process.nameEn : process.nameNl) : t('common.none');
  };
  const scenarioOptions: Option[] = [...scenarios].map(([value, label]) => ({ value, label }));
  return (
    <article data-testid="crisis-plans-page">
      <Heading level={1}>{t('simulation.plansTitle')}</Heading>
      <Paragraph>{t('simulation.plansIntro')}</Paragraph>
      <ProblemAlert error={reloadError} />
      {plans.length === 0 && <NoData />}
      {plans.map(({ plan, exercises }) => (
        <section key={plan.id} data-testid="crisis-plan" data-plan={plan.title}>
          <Heading level={2}>{plan.title}</Heading>
          <DataSummary>
            <DataSummaryItem itemKey={t('simulation.process')} itemValue={processName(plan.processId)} />
            <DataSummaryItem itemKey={t('simulation.scenarios')} itemValue={plan.scenarioIds.map((id) => scenarios.get(id) ?? id.slice(0, 8)).join(', ') || t('common.none')} />
          </DataSummary>
          {plan.summary && <Paragraph>{plan.summary}</Paragraph>}
          <PlanTables plan={plan} />
          {plan.abilities.edit && <PlanEditor plan={plan} scenarios={scenarioOptions} onSaved={reload} />}
          <Heading level={3}>{t('simulation.exercises')}</Heading>
          {exercises.length === 0 && <Paragraph>{t('common.none')}</Paragraph>}
          {exercises.map((exercise) => (
            <ExerciseView key={exercise.id} exercise={exercise} plan={plan} scenarioName={scenarios.get(exercise.scenarioId)} onSaved={reload} />
          ))}
          {plan.abilities.planExercises && (
            <Disclosure summary={t('crisis.newExercise')} testId="open-exercise-form">
              <ExerciseForm planId={plan.id} scenarios={scenarioOptions} onSaved={reload} />
            </Disclosure>
          )}
        </section>
      ))}
      {createFor.length > 0 && (
        <Disclosure summary={t('crisis.newPlan')} testId="open-plan-form">
          <PlanForm processes={createFor.map((id) => ({ value: id, label: processName(id) }))} scenarios={scenarioOptions} onSaved={reload} />
        </Disclosure>
      )}
    </article>
  );
}

/** The plan's edit form, opened on request (a plan is long). */
function PlanEditor({ plan, scenarios, onSaved }: { plan: CrisisPlan; scenarios: readonly Option[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button appearance="secondary-action-button" aria-expanded={open} data-testid="plan-edit" onClick={() => setOpen(!open)}>
        {t(open ? 'crisis.closeEdit' : 'crisis.edit', { title: plan.title })}
      </Button>
      {open && (
        <PlanForm
          plan={plan}
          processes={[]}
          scenarios={scenarios}
          onSaved={() => {
            setOpen(false);
            onSaved();
          }}
        />
      )}
    </>
  );
}

function PlanTables({ plan }: { plan: CrisisPlan }) {
  const { t } = useTranslation();
  const levels = plan.escalationLevels as EscalationLevel[];
  const actions = plan.actions as PlanAction[];
  const roles = plan.roles as PlanRole[];
  const contacts = plan.contacts as PlanContact[];
  return (
    <>
      <DataTable testId="escalation-table" caption={t('simulation.escalation')} showCaption headers={[t('simulation.levelNo'), t('simulation.levelName'), t('simulation.criteria')]}>
        {levels.map((level) => (
          <TableRow key={level.level}>
            <TableCell>{level.level}</TableCell>
            <TableCell>{level.name}</TableCell>
            <TableCell>{level.criteria}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      <DataTable testId="actions-table" caption={t('simulation.actions')} showCaption headers={[t('simulation.action'), t('simulation.role'), t('simulation.levelNo')]}>
        {actions.map((action, index) => (
          <TableRow key={index}>
            <TableCell>{action.description}</TableCell>
            <TableCell>{action.role}</TableCell>
            <TableCell>{action.escalationLevel ?? t('common.none')}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      <DataTable testId="roles-table" caption={t('simulation.roles')} showCaption headers={[t('simulation.role'), t('simulation.responsibility')]}>
        {roles.map((role) => (
          <TableRow key={role.role}>
            <TableCell>{role.role}</TableCell>
            <TableCell>{role.responsibility}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      <DataTable testId="contacts-table" caption={t('simulation.contacts')} showCaption headers={[t('simulation.contact'), t('simulation.role'), t('simulation.phone'), t('simulation.email')]}>
        {contacts.map((contact, index) => (
          <TableRow key={index}>
            <TableCell>{contact.name}</TableCell>
            <TableCell>{contact.role}</TableCell>
            <TableCell>{contact.phone ?? t('common.none')}</TableCell>
            <TableCell>{contact.email ?? t('common.none')}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </>
  );
}

function ExerciseView({ exercise, plan, scenarioName, onSaved }: { exercise: Exercise; plan: CrisisPlan; scenarioName?: string; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const { abilities } = exercise;
  return (
    <div data-testid="exercise">
      <Heading level={4}>{exercise.name}</Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('simulation.scheduledAt')} itemValue={formatDateTime(exercise.scheduledAt, i18n.language)} />
        <DataSummaryItem itemKey={t('simulation.exerciseStatus')} itemValue={t(`simulation.exerciseStatuses.${exercise.status}`)} />
        <DataSummaryItem itemKey={t('simulation.scenario')} itemValue={scenarioName ?? exercise.scenarioId.slice(0, 8)} />
      </DataSummary>
      {abilities.changeState && <ExerciseStateButton exercise={exercise} onSaved={onSaved} />}
      <ExerciseTimeline exercise={exercise} />
      <DataTable testId="injects-table" caption={t('simulation.injects')} showCaption headers={[t('simulation.offset'), t('simulation.message'), t('simulation.targetRole')]}>
        {exercise.injects.map((inject) => (
          <TableRow key={inject.id}>
            <TableCell>{sinceStart(inject.offsetMinutes)}</TableCell>
            <TableCell>{inject.message}</TableCell>
            <TableCell>{inject.targetRole}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      <DataTable testId="observations-table" caption={t('simulation.observations')} showCaption headers={[t('simulation.offset'), t('simulation.observation')]}>
        {exercise.observations.map((observation) => (
          <TableRow key={observation.id}>
            <TableCell>{observation.offsetMinutes === null ? t('common.none') : sinceStart(observation.offsetMinutes)}</TableCell>
            <TableCell>{observation.text}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      <DataTable testId="lessons-table" caption={t('simulation.lessons')} showCaption headers={[t('simulation.lesson'), t('simulation.measure')]}>
        {exercise.lessons.map((lesson) => (
          <TableRow key={lesson.id}>
            <TableCell>
              {lesson.title}: {lesson.description}
            </TableCell>
            <TableCell>
              {lesson.measure ? (
                <Link href={`/cycles/${lesson.measure.cycleId}`}>{lesson.measure.title}</Link>
              ) : lesson.measureId ? (
                t('crisis.measureNotVisible')
              ) : (
                t('simulation.noMeasure')
              )}
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
      {(abilities.addInjects || abilities.recordObservations || abilities.recordLessons) && (
        <Disclosure summary={t(abilities.addInjects || abilities.recordLessons ? 'crisis.record' : 'crisis.observe', { name: exercise.name })} testId="open-exercise-forms">
          {abilities.addInjects && <InjectForm exercise={exercise} roles={(plan.roles as PlanRole[]).map((role) => role.role)} onSaved={onSaved} />}
          {abilities.recordObservations && <ObservationForm exercise={exercise} onSaved={onSaved} />}
          {abilities.recordLessons && <LessonForm exercise={exercise} onSaved={onSaved} />}
          {abilities.turnLessonsIntoMeasures && exercise.lessons.some((lesson) => lesson.measureId === null) && <LessonMeasureForm exercise={exercise} processId={plan.processId} onSaved={onSaved} />}
        </Disclosure>
      )}
    </div>
  );
}
