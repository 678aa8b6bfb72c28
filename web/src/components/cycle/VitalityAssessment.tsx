import { FormFieldCheckboxOption, FormFieldTextarea, FormFieldTextInput, Heading, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { vitalityOutcomes, type Limit, type VitalityOutcome } from '../../../../src/domain/vitality.ts';
import { assessVitality, decideVitality } from '../../api/cycle-work.ts';
import type { CycleWorkspace, ThresholdVersion, VitalityAssessment as Assessment } from '../../api/cycles.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { DataTable } from '../DataTable.tsx';
import type { CycleAbilities } from './abilities.ts';
import { CycleForm, fieldOf } from './CycleForm.tsx';
import { OptionSelect } from '../OptionSelect.tsx';

type Measure = ThresholdVersion['measures'][number];

const limitText = (limit: Limit | null, unit: string, language: string) =>
  limit === null ? '–' : 'above' in limit ? `> ${formatNumber(limit.above, language)} ${unit}` : `≥ ${formatNumber(limit.atLeast, language)} ${unit}`;

/** Step 1, first half: the vitality assessments of the process (values, sources, the proposal by the threshold version used, the decision) and their forms. */
export function VitalityAssessment({ data, abilities, onSaved }: { data: CycleWorkspace; abilities: CycleAbilities; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const { assessments, thresholds } = data;
  const current = thresholds[0];
  const undecided = assessments.find((assessment) => assessment.decidedAt === null);
  const lastDecided = assessments.find((assessment) => assessment.decidedAt !== null);
  const category = (value: string | null) => (value ? t(`cycleForms.categories.${value}`) : '');
  const flag = (value: boolean | null) => (value === null ? '' : value ? t('common.yes') : t('common.no'));
  return (
    <>
      <Heading level={3}>{t('cycleForms.vitality.title')}</Heading>
      <DataTable
        testId="assessment-table"
        caption={t('cycleForms.vitality.caption')}
        headers={[t('cycleForms.vitality.assessedAt'), t('cycleForms.vitality.version'), t('cycleForms.vitality.criteria'), t('cycleForms.vitality.proposed'), t('cycleForms.vitality.decided'), t('cycles.rationale'), 'EU', t('cycleForms.nato')]}
      >
        {assessments.map((assessment) => (
          <TableRow key={assessment.id} data-assessment={assessment.id} data-this-cycle={assessment.cycleId === data.cycle.id}>
            <TableCell>{formatDateTime(assessment.createdAt, i18n.language)}</TableCell>
            <TableCell>v{assessment.thresholdVersion}</TableCell>
            <TableCell>
              <CriteriaList assessment={assessment} version={thresholds.find((version) => version.id === assessment.thresholdVersionId)} />
            </TableCell>
            <TableCell>{category(assessment.proposedCategory)}</TableCell>
            <TableCell>
              {category(assessment.decidedCategory)} {assessment.decidedAt ? `(${formatDateTime(assessment.decidedAt, i18n.language)})` : t('cycleForms.vitality.open')}
            </TableCell>
            <TableCell>{assessment.rationale ?? ''}</TableCell>
            <TableCell>{flag(assessment.euInterest)}</TableCell>
            <TableCell>{flag(assessment.natoInterest)}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {abilities.assessesVitality && current && <AssessmentForm processId={data.cycle.processId} cycleId={data.cycle.id} version={current} onSaved={onSaved} />}
      {abilities.assessesVitality && undecided && <DecisionForm key={undecided.id} assessment={undecided} previous={lastDecided} onSaved={onSaved} />}
    </>
  );
}

function CriteriaList({ assessment, version }: { assessment: Assessment; version: ThresholdVersion | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <ul>
      {assessment.criteria.map((criterion) => {
        const measure = version?.measures.find((entry) => entry.key === criterion.measure);
        const meets = assessment.findings.find((finding) => finding.measure === criterion.measure)?.meets;
        return (
          <li key={criterion.measure}>
            {measure ? `${t(`cycleForms.criteria.${measure.criterion}`)}: ${measure.description}` : criterion.measure} {formatNumber(criterion.value, i18n.language)} {measure?.unit ?? ''} ·{' '}
            {meets ? t('cycleForms.vitality.meets', { category: meets }) : t('cycleForms.vitality.meetsNone')} · {t('cycleForms.vitality.source')}: {criterion.source}
          </li>
        );
      })}
    </ul>
  );
}

/** The impact values of the process with their sources, one pair of fields per measure of the current threshold version; the server proposes the category. */
function AssessmentForm({ processId, cycleId, version, onSaved }: { processId: string; cycleId: string; version: ThresholdVersion; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [proposed, setProposed] = useState<VitalityOutcome>();
  async function send(form: FormData) {
    // Only the measures with a value are sent; an empty source with a value goes as typed, for the server to refuse.
    const criteria = version.measures.filter((measure) => fieldOf(form, `value-${measure.key}`) !== '').map((measure) => ({ measure: measure.key, value: Number(fieldOf(form, `value-${measure.key}`)), source: fieldOf(form, `source-${measure.key}`) }));
    const created = await assessVitality({ processId, cycleId, criteria });
    setProposed(created.proposedCategory);
  }
  return (
    <CycleForm testId="assessment-form" title={t('cycleForms.vitality.formTitle')} submitLabel={t('cycleForms.vitality.submit')} send={send} onSaved={onSaved} resetAfterSave>
      <Paragraph>
        {t('cycleForms.vitality.versionText', { version: version.version, label: version.label })} {version.confirmed ? '' : t('cycleForms.unconfirmed')}
      </Paragraph>
      {version.measures.map((measure) => (
        <CriterionFields key={measure.key} measure={measure} language={i18n.language} />
      ))}
      {proposed && (
        <Paragraph data-testid="assessment-proposed">
          <strong>{t('cycleForms.vitality.proposedResult', { category: t(`cycleForms.categories.${proposed}`) })}</strong>
        </Paragraph>
      )}
    </CycleForm>
  );
}

function CriterionFields({ measure, language }: { measure: Measure; language: string }) {
  const { t } = useTranslation();
  const name = `${t(`cycleForms.criteria.${measure.criterion}`)}: ${measure.description}`;
  return (
    <fieldset data-measure={measure.key}>
      <legend>{name}</legend>
      <Paragraph>{t('cycleForms.vitality.limits', { a: limitText(measure.A, measure.unit, language), b: limitText(measure.B, measure.unit, language) })}</Paragraph>
      <FormFieldTextInput label={t('cycleForms.vitality.value', { unit: measure.unit, name })} name={`value-${measure.key}`} type="number" min={0} />
      <FormFieldTextInput label={t('cycleForms.vitality.sourceOf', { name })} name={`source-${measure.key}`} maxLength={2000} />
    </fieldset>
  );
}

/** The ministry's decision on the open assessment: the category (the proposal by default), rationale, EU and NATO interest (as last decided by default). */
function DecisionForm({ assessment, previous, onSaved }: { assessment: Assessment; previous: Assessment | undefined; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const send = (form: FormData) =>
    decideVitality(assessment.id, { category: fieldOf(form, 'category') as VitalityOutcome, rationale: fieldOf(form, 'rationale'), euInterest: form.get('euInterest') !== null, natoInterest: form.get('natoInterest') !== null });
  return (
    <CycleForm testId="decision-form" title={t('cycleForms.decision.title', { date: formatDateTime(assessment.createdAt, i18n.language) })} submitLabel={t('cycleForms.decision.submit')} send={send} onSaved={onSaved}>
      <OptionSelect label={t('cycleForms.decision.category')} name="category" defaultValue={assessment.proposedCategory} options={vitalityOutcomes.map((value) => ({ value, label: t(`cycleForms.categories.${value}`) }))} />
      <FormFieldTextarea label={t('cycles.rationale')} name="rationale" rows={3} required />
      <FormFieldCheckboxOption label={t('cycleForms.decision.eu')} name="euInterest" value="yes" defaultChecked={previous?.euInterest ?? false} />
      <FormFieldCheckboxOption label={t('cycleForms.decision.nato')} name="natoInterest" value="yes" defaultChecked={previous?.natoInterest ?? false} />
    </CycleForm>
  );
}
