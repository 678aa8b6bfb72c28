import { FormFieldCheckboxOption, FormFieldTextarea, FormFieldTextInput, Heading } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createCrisisPlan, updateCrisisPlan, type PlanContent } from '../../api/crisis-plans.ts';
import type { CrisisPlan } from '../../api/simulations.ts';
import { fieldOf } from '../cycle/CycleForm.tsx';
import { OptionSelect, type Option } from '../OptionSelect.tsx';
import { FormFoot, useFormSubmit } from '../FormSubmit.tsx';
import { RowsEditor, rowsOf, type RowField } from './RowsEditor.tsx';

interface Props {
  /** The plan to edit; without it a new plan is written for one of `processes`. */
  plan?: CrisisPlan;
  processes: readonly Option[];
  scenarios: readonly Option[];
  onSaved: () => void;
}

type Lists = Pick<PlanContent, 'escalationLevels' | 'actions' | 'roles' | 'contacts'>;

/** A national crisis plan for the outage of a vital process: its escalation levels, actions, roles and contacts, and the scenarios that exercise it. */
export function PlanForm({ plan, processes, scenarios, onSaved }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const [round, setRound] = useState(0);
  const lists: { list: keyof Lists; legend: string; item: string; fields: RowField[] }[] = [
    {
      list: 'escalationLevels',
      legend: t('simulation.escalation'),
      item: t('simulation.levelNo'),
      fields: [
        { name: 'level', label: t('simulation.levelNo'), type: 'number', required: true },
        { name: 'name', label: t('simulation.levelName'), required: true, maxLength: 200 },
        { name: 'criteria', label: t('simulation.criteria'), type: 'textarea', required: true },
      ],
    },
    {
      list: 'actions',
      legend: t('simulation.actions'),
      item: t('simulation.action'),
      fields: [
        { name: 'description', label: t('simulation.action'), type: 'textarea', required: true },
        { name: 'role', label: t('simulation.role'), required: true, maxLength: 200 },
        { name: 'escalationLevel', label: t('crisis.fromLevel'), type: 'number' },
      ],
    },
    {
      list: 'roles',
      legend: t('simulation.roles'),
      item: t('simulation.role'),
      fields: [
        { name: 'role', label: t('simulation.role'), required: true, maxLength: 200 },
        { name: 'responsibility', label: t('simulation.responsibility'), type: 'textarea', required: true },
      ],
    },
    {
      list: 'contacts',
      legend: t('simulation.contacts'),
      item: t('crisis.contact'),
      fields: [
        { name: 'name', label: t('simulation.contact'), required: true, maxLength: 300 },
        { name: 'role', label: t('simulation.role'), required: true, maxLength: 200 },
        { name: 'phone', label: t('simulation.phone'), type: 'tel', maxLength: 50 },
        { name: 'email', label: t('simulation.email'), type: 'email', maxLength: 300 },
      ],
    },
  ];
  const testId = plan ? 'plan-edit-form' : 'plan-form';

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const summary = fieldOf(form, 'summary');
    const content = {
      title: fieldOf(form, 'title'),
      ...(summary ? { summary } : {}),
      ...Object.fromEntries(lists.map(({ list, fields }) => [list, rowsOf(form, list, fields)])),
      scenarioIds: form.getAll('scenarioIds').map(String),
    } as PlanContent;
    const ok = await submit.run(() => (plan ? updateCrisisPlan(plan.id, content) : createCrisisPlan({ processId: fieldOf(form, 'processId'), ...content })));
    if (ok) {
      if (!plan) setRound((value) => value + 1);
      onSaved();
    }
  }

  return (
    <form key={round} className="vitaal-form" data-testid={testId} onSubmit={(event) => void save(event)} noValidate>
      <Heading level={plan ? 3 : 2}>{plan ? t('crisis.editPlan', { title: plan.title }) : t('crisis.newPlan')}</Heading>
      {!plan && (
        <OptionSelect label={t('simulation.process')} name="processId" options={processes} />
      )}
      <FormFieldTextInput label={t('crisis.planTitle')} name="title" maxLength={300} defaultValue={plan?.title} required />
      <FormFieldTextarea label={t('crisis.summary')} name="summary" rows={3} defaultValue={plan?.summary ?? ''} />
      {scenarios.length > 0 && (
        <fieldset className="vitaal-checklist">
          <legend>{t('crisis.exercisedBy')}</legend>
          {scenarios.map((scenario) => (
            <FormFieldCheckboxOption key={scenario.value} label={scenario.label} name="scenarioIds" value={scenario.value} defaultChecked={plan?.scenarioIds.includes(scenario.value)} />
          ))}
        </fieldset>
      )}
      {lists.map(({ list, legend, item, fields }) => (
        <RowsEditor key={list} list={list} legend={legend} itemLabel={item} fields={fields} initial={(plan?.[list] ?? []) as Record<string, string | number>[]} />
      ))}
      <FormFoot state={submit} label={plan ? t('crisis.savePlan') : t('crisis.createPlan')} savedText={t('crisis.saved')} testId={testId} />
    </form>
  );
}
