import { FormFieldSelect, SelectOption } from '@rijkshuisstijl-community/components-react';
import { useTranslation } from 'react-i18next';
import type { RiskMethod } from '../../../../src/domain/risk.ts';

/** Classes a scenario was scored with (the stored score, when re-scoring). */
export interface RiskClasses {
  likelihoodClass: string;
  impacts: Record<string, string>;
}

/** The likelihood class and an impact class per criterion of the risk method, as one group of fields of a scenario form. */
export function RiskClassFields({ method, initial }: { method: RiskMethod; initial?: RiskClasses | null }) {
  const { t, i18n } = useTranslation();
  const name = (entry: { nameNl: string; nameEn: string }) => (i18n.language === 'en' ? entry.nameEn : entry.nameNl);
  return (
    <>
      <FormFieldSelect label={t('cycles.likelihood')} name="likelihoodClass" defaultValue={initial?.likelihoodClass ?? method.likelihood.classes[0]?.class}>
        {method.likelihood.classes.map((entry) => (
          <SelectOption key={entry.class} value={entry.class}>
            {entry.class} – {name(entry)}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <fieldset style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(18rem, 1fr))', gap: '0.5rem' }}>
        <legend>{t('cycleWork.scenarioForm.impacts')}</legend>
        {method.criteria.map((criterion) => (
          <FormFieldSelect key={criterion.key} label={`${criterion.key} ${name(criterion)}`} name={`impact-${criterion.key}`} defaultValue={initial?.impacts[criterion.key] ?? method.impact.notApplicable}>
            <SelectOption value={method.impact.notApplicable}>
              {method.impact.notApplicable} – {t('cycleWork.scenarioForm.notApplicable')}
            </SelectOption>
            {method.impact.classes.map((entry) => (
              <SelectOption key={entry.class} value={entry.class}>
                {entry.class} – {name(entry)}
              </SelectOption>
            ))}
          </FormFieldSelect>
        ))}
      </fieldset>
    </>
  );
}

/** The classes entered in a form holding RiskClassFields. */
export const riskClassesOf = (form: FormData, method: RiskMethod): RiskClasses => ({
  likelihoodClass: String(form.get('likelihoodClass')),
  impacts: Object.fromEntries(method.criteria.map((criterion) => [criterion.key, String(form.get(`impact-${criterion.key}`) ?? method.impact.notApplicable)])),
});
