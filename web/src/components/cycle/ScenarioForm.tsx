import { FormFieldCheckboxOption, FormFieldSelect, FormFieldTextInput, Heading, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskMethod, ThreatCatalogue } from '../../../../src/domain/risk.ts';
import { createScenario, scoreScenario } from '../../api/cycle-work.ts';
import { FormFoot, useFormSubmit } from '../FormSubmit.tsx';
import { RiskClassFields, riskClassesOf } from './RiskClassFields.tsx';

interface Props {
  cycleId: string;
  method: RiskMethod;
  catalogue: ThreatCatalogue;
  onSaved: () => void;
}

/** Step 2: a new risk scenario from a threat of the catalogue, scored at once with a likelihood class and an impact class per criterion. */
export function ScenarioForm({ cycleId, method, catalogue, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const submit = useFormSubmit();
  // A new, empty form after each scenario added.
  const [round, setRound] = useState(0);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const threatKey = String(form.get('threatKey') ?? '');
    const input = { key: String(form.get('key') ?? '').trim(), title: String(form.get('title') ?? '').trim(), ...(threatKey ? { threatKey } : {}), sharedWithProviders: form.get('shared') !== null };
    const classes = riskClassesOf(form, method);
    const ok = await submit.run(async () => {
      const created = await createScenario(cycleId, input);
      await scoreScenario(cycleId, created.id, { ...classes, phase: 'analysis' });
    });
    if (ok) {
      setRound((value) => value + 1);
      onSaved();
    }
  }

  return (
    <form key={round} className="vitaal-form" data-testid="scenario-form" onSubmit={(event) => void save(event)} noValidate>
      <Heading level={3}>{t('cycleWork.scenarioForm.title')}</Heading>
      <FormFieldTextInput label={t('cycleWork.scenarioForm.key')} description={t('cycleWork.scenarioForm.keyHint')} name="key" maxLength={100} required />
      <FormFieldTextInput label={t('cycleWork.scenarioForm.name')} name="title" maxLength={300} required />
      <FormFieldSelect label={t('cycles.threat')} name="threatKey" defaultValue="">
        <SelectOption value="">{t('common.none')}</SelectOption>
        {catalogue.threats.map((threat) => (
          <SelectOption key={threat.key} value={threat.key}>
            {i18n.language === 'en' ? threat.nameEn : threat.nameNl}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFieldCheckboxOption label={t('cycleWork.shareWithProviders')} name="shared" value="yes" />
      <RiskClassFields method={method} />
      <FormFoot state={submit} label={t('cycleWork.scenarioForm.submit')} savedText={t('cycleWork.saved')} testId="scenario-form" />
    </form>
  );
}
