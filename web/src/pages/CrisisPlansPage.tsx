import { DataSummary, DataSummaryItem, Heading, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import { listProcesses } from '../api/registry.ts';
import { listCrisisPlans, listExercises, listScenarios, type CrisisPlan, type Exercise } from '../api/simulations.ts';
import { DataTable } from '../components/DataTable.tsx';
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
  const [plans, processes, scenarios] = await Promise.all([listCrisisPlans(), listProcesses(), listScenarios()]);
  const exercises = await Promise.all(plans.map((plan) => listExercises(plan.id)));
  return { plans: plans.map((plan, index) => ({ plan, exercises: exercises[index]! })), processes: new Map(processes.items.map((process) => [process.id, process])), scenarios: new Map(scenarios.map((scenario) => [scenario.id, scenario.name])) };
}

/** National crisis plans per vital-process outage you may see, the scenarios that exercise them, and their exercises. */
export function CrisisPlansPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  useTitle(t('simulation.plansTitle'));
  const loaded = useLoad(loadPlans, user.id);
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} />;
  const { plans, processes, scenarios } = loaded.data;
  const english = i18n.language === 'en';
  return (
    <article data-testid="crisis-plans-page">
      <Heading level={1}>{t('simulation.plansTitle')}</Heading>
      <Paragraph>{t('simulation.plansIntro')}</Paragraph>
      {plans.length === 0 && <NoData />}
      {plans.map(({ plan, exercises }) => {
        const process = processes.get(plan.processId);
        return (
          <section key={plan.id} data-testid="crisis-plan">
            <Heading level={2}>{plan.title}</Heading>
            <DataSummary>
              <DataSummaryItem itemKey={t('simulation.process')} itemValue={process ? (english ? process.nameEn : process.nameNl) : t('common.none')} />
              <DataSummaryItem itemKey={t('simulation.scenarios')} itemValue={plan.scenarioIds.map((id) => scenarios.get(id) ?? id.slice(0, 8)).join(', ') || t('common.none')} />
            </DataSummary>
            {plan.summary && <Paragraph>{plan.summary}</Paragraph>}
            <PlanTables plan={plan} />
            <Heading level={3}>{t('simulation.exercises')}</Heading>
            {exercises.length === 0 ? <Paragraph>{t('common.none')}</Paragraph> : exercises.map((exercise) => <ExerciseView key={exercise.id} exercise={exercise} scenarioName={scenarios.get(exercise.scenarioId)} />)}
          </section>
        );
      })}
    </article>
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

function ExerciseView({ exercise, scenarioName }: { exercise: Exercise; scenarioName?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="exercise">
      <Heading level={4}>{exercise.name}</Heading>
      <DataSummary>
        <DataSummaryItem itemKey={t('simulation.scheduledAt')} itemValue={formatDateTime(exercise.scheduledAt, i18n.language)} />
        <DataSummaryItem itemKey={t('simulation.exerciseStatus')} itemValue={t(`simulation.exerciseStatuses.${exercise.status}`)} />
        <DataSummaryItem itemKey={t('simulation.scenario')} itemValue={scenarioName ?? exercise.scenarioId.slice(0, 8)} />
      </DataSummary>
      <DataTable testId="injects-table" caption={t('simulation.injects')} showCaption headers={[t('simulation.offset'), t('simulation.message'), t('simulation.targetRole')]}>
        {exercise.injects.map((inject) => (
          <TableRow key={inject.id}>
            <TableCell>{t('simulation.minutes', { minutes: inject.offsetMinutes })}</TableCell>
            <TableCell>{inject.message}</TableCell>
            <TableCell>{inject.targetRole}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      <DataTable testId="observations-table" caption={t('simulation.observations')} showCaption headers={[t('simulation.offset'), t('simulation.observation')]}>
        {exercise.observations.map((observation) => (
          <TableRow key={observation.id}>
            <TableCell>{observation.offsetMinutes === null ? t('common.none') : t('simulation.minutes', { minutes: observation.offsetMinutes })}</TableCell>
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
            <TableCell>{lesson.measureId ?? t('simulation.noMeasure')}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </div>
  );
}
