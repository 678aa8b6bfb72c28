import { FormFieldCheckboxOption, FormFieldTextarea, FormFieldTextInput } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import type { RiskMethod, ThreatCatalogue } from '../../../../src/domain/risk.ts';
import { createScenario, scoreScenario, updateScenario, type ScenarioPatch } from '../../api/cycle-work.ts';
import type { RiskScenario } from '../../api/cycles.ts';
import { ChangeForm, CycleForm, fieldOf } from './CycleForm.tsx';
import { OptionSelect } from '../OptionSelect.tsx';
import { RiskClassFields, riskClassesOf } from './RiskClassFields.tsx';

interface Props {
  cycleId: string;
  method: RiskMethod;
  catalogue: ThreatCatalogue;
  onSaved: () => void;
}

/** The fields a scenario is described with, when added and when changed; prefilled with the stored scenario. */
function ScenarioFields({ catalogue, initial }: { catalogue: ThreatCatalogue; initial?: RiskScenario }) {
  const { t, i18n } = useTranslation();
  const threats = catalogue.threats.map((threat) => ({ value: threat.key, label: i18n.language === 'en' ? threat.nameEn : threat.nameNl }));
  return (
    <>
      <FormFieldTextInput label={t('cycleWork.scenarioForm.name')} name="title" maxLength={300} defaultValue={initial?.title} required />
      <FormFieldTextarea label={t('cycleWork.measureForm.description')} name="description" rows={2} defaultValue={initial?.description ?? ''} />
      {/* The API cannot unlink a threat from a scenario, so a stored threat offers no "none". */}
      <OptionSelect label={t('cycles.threat')} name="threatKey" defaultValue={initial?.threatKey ?? ''} options={initial?.threatKey ? threats : [{ value: '', label: t('common.none') }, ...threats]} />
      <FormFieldCheckboxOption label={t('cycleWork.shareWithProviders')} name="shared" value="yes" defaultChecked={initial?.sharedWithProviders ?? false} />
    </>
  );
}

/** The described fields as the API takes them; an emptied description is sent only when changing (to clear it). */
const scenarioFieldsOf = (form: FormData, changing: boolean): ScenarioPatch => {
  const description = fieldOf(form, 'description');
  const threatKey = fieldOf(form, 'threatKey');
  return { title: fieldOf(form, 'title'), ...(description || changing ? { description } : {}), ...(threatKey ? { threatKey } : {}), sharedWithProviders: form.get('shared') !== null };
};

/** Step 2: a new risk scenario from a threat of the catalogue, scored at once with a likelihood class and an impact class per criterion. */
export function ScenarioForm({ cycleId, method, catalogue, onSaved }: Props) {
  const { t } = useTranslation();
  const send = async (form: FormData) => {
    const created = await createScenario(cycleId, { key: fieldOf(form, 'key'), ...scenarioFieldsOf(form, false), title: fieldOf(form, 'title') });
    await scoreScenario(cycleId, created.id, { ...riskClassesOf(form, method), phase: 'analysis' });
  };
  return (
    <CycleForm testId="scenario-form" title={t('cycleWork.scenarioForm.title')} submitLabel={t('cycleWork.scenarioForm.submit')} send={send} onSaved={onSaved} resetAfterSave>
      <FormFieldTextInput label={t('cycleWork.scenarioForm.key')} description={t('cycleWork.scenarioForm.keyHint')} name="key" maxLength={100} required />
      <ScenarioFields catalogue={catalogue} />
      <RiskClassFields method={method} />
    </CycleForm>
  );
}

/** Step 2: changes a scenario's title, description, threat or sharing (its scores have their own forms). */
export function ScenarioEditForm({ cycleId, catalogue, scenarios, onSaved }: Omit<Props, 'method'> & { scenarios: readonly RiskScenario[] }) {
  const { t } = useTranslation();
  return (
    <ChangeForm
      testId="scenario-edit-form"
      title={t('cycleForms.scenarioEdit.title')}
      chooseLabel={t('cycles.scenario')}
      items={scenarios}
      optionLabel={(scenario) => `${scenario.key}: ${scenario.title}`}
      fields={(scenario) => <ScenarioFields catalogue={catalogue} initial={scenario} />}
      send={(scenario, form) => updateScenario(cycleId, scenario.id, scenarioFieldsOf(form, true))}
      onSaved={onSaved}
    />
  );
}
