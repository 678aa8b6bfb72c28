import { Alert, Button, FormFieldSelect, FormFieldTextarea, FormFieldTextInput, Heading, Link, Paragraph, SelectOption, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { nationalSecurityCriterion, procurementRiskTypes } from '../../../src/domain/procurement.ts';
import { listCycles } from '../api/cycles.ts';
import {
  decideProcurement,
  getProcurementAssessment,
  getProcurementCriteria,
  linkProcurementToCycle,
  putProcurementAnalysis,
  type ProcurementAnalysis,
  type ProcurementAssessment,
  type ProcurementCriteria,
  type ProcurementDecision,
  type StoredAnalysis,
} from '../api/procurement.ts';
import { getProcess } from '../api/registry.ts';
import { DataTable } from '../components/DataTable.tsx';
import { FormFoot, useFormSubmit } from '../components/FormSubmit.tsx';
import { OptionSelect, optionsOf } from '../components/OptionSelect.tsx';
import { ErrorState, Loading } from '../components/PageStates.tsx';
import { formatDateTime, formatNumber } from '../format.ts';
import { useUser } from '../session.tsx';
import { useLoad } from '../use-api.ts';
import { useTitle } from '../use-title.ts';
import { mayWriteAssessment, statusText } from './ProcurementPage.tsx';
import { countryName } from './SupplyChainPage.tsx';

const decisions = ['proceed', 'proceed-with-measures', 'do-not-proceed'] as const;
const measureStatuses = ['proposed', 'agreed', 'in-contract'] as const;

/** What the quickscan derived from the registry (src/services/procurement.service.ts deriveFacts). */
interface Derived {
  assetCriticality: string;
  vendor: { name: string; country: string; controlledFromCountry: string | null } | null;
  countryList: { version: string; matches: { country: string; relation: string }[] };
  alternatives: { value: number; from: string } | null;
}

/** One assessment: the quickscan's outcome and reasons, then the analysis, the decision and the link into a cycle, each offered to whoever may do it. */
export function ProcurementAssessmentPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const [version, setVersion] = useState(0);
  const data = useLoad(async () => {
    const [assessment, criteria] = await Promise.all([getProcurementAssessment(id), getProcurementCriteria()]);
    // Only the ministry responsible for the process runs its cycles and so links results into them.
    const process = assessment.processId ? await getProcess(assessment.processId).catch(() => null) : null;
    const cycles = process && user.roles.includes('ministry') && process.ministryId === user.organisationId ? (await listCycles({ processId: process.id, status: 'open' })).items : [];
    return { assessment, criteria, process, cycles };
  }, `${id}-${version}`);
  useTitle(data.state === 'done' ? data.data.assessment.title : t('procurement.title'));
  if (data.state === 'loading') return <Loading />;
  if (data.state === 'error') return <ErrorState error={data.error} />;
  const { assessment, criteria, process, cycles } = data.data;
  const writable = mayWriteAssessment(user, assessment) && assessment.status !== 'decided';
  const analysis = assessment.analysis as StoredAnalysis | null;
  const reload = () => setVersion((n) => n + 1);
  const derived = (assessment.outcome.derived ?? {}) as Derived;
  const language = i18n.language;
  const steps = ['quickscan', ...(assessment.fullAnalysisRequired ? ['analysis'] : []), 'decision', 'link'] as const;
  const done: Record<(typeof steps)[number], boolean> = { quickscan: true, analysis: analysis !== null, decision: assessment.status === 'decided', link: (assessment.cycleLinks ?? []).length > 0 };
  return (
    <div data-testid="procurement-page" data-status={assessment.status}>
      <Paragraph>
        <Link href="/procurement">{t('procurement.back')}</Link>
      </Paragraph>
      <Heading level={1}>{assessment.title}</Heading>
      <ol className="vitaal-steps" aria-label={t('procurement.assessmentSteps')}>
        {steps.map((step) => (
          <li key={step} data-state={done[step] ? 'completed' : undefined}>
            {t(`procurement.assessmentStep.${step}`)}: {done[step] ? t('procurement.done') : t('procurement.open')}
          </li>
        ))}
      </ol>
      <dl className="vitaal-facts">
        <dt>{t('procurement.kind')}</dt>
        <dd>{t(`supplyChain.kinds.${assessment.purchaseKind}`, { defaultValue: assessment.purchaseKind })}</dd>
        <dt>{t('procurement.status')}</dt>
        <dd data-testid="procurement-status">{statusText(t, assessment)}</dd>
        {assessment.description && (
          <>
            <dt>{t('procurement.fields.description')}</dt>
            <dd>{assessment.description}</dd>
          </>
        )}
        <dt>{t('procurement.fields.process')}</dt>
        <dd>{process ? (language.startsWith('en') ? process.nameEn : process.nameNl) : t('common.none')}</dd>
      </dl>

      <section aria-labelledby="outcome-heading" data-testid="quickscan-outcome" data-full-analysis={assessment.fullAnalysisRequired}>
        <Heading level={2} id="outcome-heading">
          {t('procurement.outcome')}
        </Heading>
        <Alert type={assessment.fullAnalysisRequired ? 'warning' : 'ok'}>
          <Paragraph>{assessment.fullAnalysisRequired ? t('procurement.fullRequiredLong') : t('procurement.fullNotRequiredLong')}</Paragraph>
        </Alert>
        {assessment.outcome.reasons.length > 0 && (
          <ul data-testid="quickscan-reasons">
            {assessment.outcome.reasons.map((reason) => (
              <li key={`${reason.code}-${reason.text}`} data-code={reason.code}>
                <strong>{t(`procurement.reasons.${reason.code}`, { defaultValue: reason.code })}</strong> ({reason.riskTypes.map((type) => t(`procurement.riskTypes.${type}`, { defaultValue: type })).join(', ')})
                {language.startsWith('en') && <> — {reason.text}</>}
              </li>
            ))}
          </ul>
        )}
        <dl className="vitaal-facts" data-testid="quickscan-derived">
          <dt>{t('procurement.criticality')}</dt>
          <dd>{t(`procurement.criticalities.${derived.assetCriticality}`, { defaultValue: derived.assetCriticality })}</dd>
          <dt>{t('procurement.fields.vendor')}</dt>
          <dd>
            {derived.vendor
              ? t('procurement.vendorFact', {
                  name: derived.vendor.name,
                  country: countryName(derived.vendor.country, language),
                  control: derived.vendor.controlledFromCountry ? countryName(derived.vendor.controlledFromCountry, language) : t('supplyChain.sameCountry'),
                })
              : t('procurement.noVendor')}
          </dd>
          <dt>{t('procurement.countryList')}</dt>
          <dd>
            {derived.countryList?.matches.length
              ? derived.countryList.matches.map((match) => `${countryName(match.country, language)} (${t(`procurement.relations.${match.relation}`, { defaultValue: match.relation })})`).join(', ')
              : t('procurement.noMatches', { version: derived.countryList?.version ?? '' })}
          </dd>
          <dt>{t('procurement.fields.alternatives')}</dt>
          <dd>{derived.alternatives ? t('procurement.alternativesFact', { count: derived.alternatives.value, from: t(`procurement.alternativeSources.${derived.alternatives.from}`, { defaultValue: derived.alternatives.from }) }) : t('procurement.unknown')}</dd>
        </dl>
      </section>

      {(assessment.fullAnalysisRequired || analysis) && (
        <section aria-labelledby="analysis-heading">
          <Heading level={2} id="analysis-heading">
            {t('procurement.analysis')}
          </Heading>
          <NationalSecurityWeight criteria={criteria} />
          {analysis && <AnalysisResult analysis={analysis} />}
          {writable && <AnalysisForm assessment={assessment} criteria={criteria} stored={analysis} onSaved={reload} />}
          {!analysis && !writable && <Paragraph>{t('procurement.analysisPending')}</Paragraph>}
        </section>
      )}

      <section aria-labelledby="decision-heading">
        <Heading level={2} id="decision-heading">
          {t('procurement.decision')}
        </Heading>
        {assessment.status === 'decided' ? (
          <div data-testid="procurement-decision" data-decision={assessment.decision}>
            <Paragraph>
              <strong>{t(`procurement.decisions.${assessment.decision ?? 'proceed'}`)}</strong> — {formatDateTime(assessment.decidedAt, language)}
            </Paragraph>
            <Paragraph>{assessment.decisionRationale}</Paragraph>
          </div>
        ) : writable && (!assessment.fullAnalysisRequired || analysis) ? (
          <DecisionForm id={assessment.id} onSaved={reload} />
        ) : (
          <Paragraph>{assessment.fullAnalysisRequired && !analysis ? t('procurement.decisionNeedsAnalysis') : t('procurement.decisionPending')}</Paragraph>
        )}
      </section>

      <section aria-labelledby="link-heading">
        <Heading level={2} id="link-heading">
          {t('procurement.link')}
        </Heading>
        {(assessment.cycleLinks ?? []).length > 0 ? (
          <ul data-testid="procurement-cycle-links">
            {(assessment.cycleLinks ?? []).map((link) => (
              <li key={link.inputId}>
                <Link href={`/cycles/${link.cycleId}`}>{t('procurement.linkedCycle', { at: formatDateTime(link.linkedAt, language) })}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <Paragraph>{t('procurement.notLinked')}</Paragraph>
        )}
        {cycles.length > 0 ? <LinkForm id={assessment.id} cycles={cycles} onSaved={reload} /> : <Paragraph>{t('procurement.linkByMinistry')}</Paragraph>}
      </section>
    </div>
  );
}

/** National security's weight, shown before anything is scored: the letter asks that it weigh heavily and visibly. */
function NationalSecurityWeight({ criteria }: { criteria: ProcurementCriteria }) {
  const { t } = useTranslation();
  const total = criteria.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  const national = criteria.criteria.find((criterion) => criterion.key === nationalSecurityCriterion);
  const percent = total > 0 && national ? Math.round((national.weight / total) * 100) : 0;
  return (
    <Alert type="info" data-testid="national-security-weight">
      <Paragraph>
        <strong>{t('procurement.nationalSecurityWeight', { weight: national?.weight ?? 0, total, percent })}</strong>
      </Paragraph>
      <Paragraph>{t('procurement.weightsSource', { source: criteria.source, confirmed: criteria.confirmed ? t('common.yes') : t('common.no') })}</Paragraph>
    </Alert>
  );
}

function AnalysisResult({ analysis }: { analysis: StoredAnalysis }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language.startsWith('en');
  const number = (value: number) => formatNumber(value, i18n.language);
  const { result } = analysis;
  return (
    <div data-testid="analysis-result">
      <Paragraph data-testid="weighted-score">{t('procurement.weightedScore', { score: number(result.weightedScore), national: number(result.nationalSecurity.score), share: Math.round(result.nationalSecurity.weightShare * 100) })}</Paragraph>
      <DataTable
        testId="analysis-criteria"
        caption={t('procurement.criteriaCaption')}
        headers={[t('procurement.criterion'), { label: t('procurement.weight'), align: 'end' }, { label: t('procurement.score'), align: 'end' }, { label: t('procurement.contribution'), align: 'end' }]}
      >
        {result.criteria.map((criterion) => (
          <TableRow key={criterion.key} data-criterion={criterion.key}>
            <TableCell>{criterion.key === nationalSecurityCriterion ? <strong>{english ? criterion.nameEn : criterion.nameNl}</strong> : english ? criterion.nameEn : criterion.nameNl}</TableCell>
            <TableCell alignCell="end">
              {criterion.weight} ({Math.round(criterion.weightShare * 100)}%)
            </TableCell>
            <TableCell alignCell="end">{number(criterion.score)}</TableCell>
            <TableCell alignCell="end">{number(criterion.contribution)}</TableCell>
          </TableRow>
        ))}
      </DataTable>
      {result.risks.length > 0 && (
        <DataTable
          testId="analysis-risks"
          caption={t('procurement.risksCaption')}
          headers={[t('procurement.riskType'), t('procurement.fields.description'), { label: t('procurement.riskScore'), align: 'end' }, t('procurement.measures')]}
        >
          {result.risks.map((risk, index) => (
            <TableRow key={`${risk.riskType}-${index}`} data-high={risk.high}>
              <TableCell>{t(`procurement.riskTypes.${risk.riskType}`)}</TableCell>
              <TableCell>{risk.description}</TableCell>
              <TableCell alignCell="end">
                {risk.score}
                {risk.high && <span className="vitaal-badge">{t('procurement.highRisk')}</span>}
              </TableCell>
              <TableCell>{risk.measures.length === 0 ? t('procurement.noMeasures') : risk.measures.map((measure) => `${measure.description} (${t(`procurement.measureStatuses.${measure.status}`)})`).join('; ')}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
      {result.unmitigatedHighRisks > 0 && <Alert type="warning">{t('procurement.unmitigated', { count: result.unmitigatedHighRisks })}</Alert>}
    </div>
  );
}

interface RiskDraft {
  key: number;
  riskType: ProcurementAnalysis['risks'][number]['riskType'];
  description: string;
  likelihood: number;
  impact: number;
  measure: string;
  measureStatus: (typeof measureStatuses)[number];
}

const newRisk = (key: number): RiskDraft => ({ key, riskType: 'continuity', description: '', likelihood: 3, impact: 3, measure: '', measureStatus: 'proposed' });

/** The full analysis: risks with a measure each, and a score per criterion with the criterion's weight beside it. */
function AnalysisForm({ assessment, criteria, stored, onSaved }: { assessment: ProcurementAssessment; criteria: ProcurementCriteria; stored: StoredAnalysis | null; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language.startsWith('en');
  const submit = useFormSubmit();
  const [risks, setRisks] = useState<RiskDraft[]>(() =>
    stored
      ? stored.risks.map((risk, key) => ({ key, riskType: risk.riskType, description: risk.description, likelihood: risk.likelihood, impact: risk.impact, measure: risk.measures[0]?.description ?? '', measureStatus: risk.measures[0]?.status ?? 'proposed' }))
      : [newRisk(0)],
  );
  const total = criteria.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  // National security first, so that its weight is read before the others.
  const ordered = [...criteria.criteria].sort((a, b) => Number(b.key === nationalSecurityCriterion) - Number(a.key === nationalSecurityCriterion));
  const update = (key: number, patch: Partial<RiskDraft>) => setRisks((current) => current.map((risk) => (risk.key === key ? { ...risk, ...patch } : risk)));

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: ProcurementAnalysis = {
      risks: risks.map(({ riskType, description, likelihood, impact, measure, measureStatus }) => ({ riskType, description, likelihood, impact, measures: measure.trim() ? [{ description: measure.trim(), status: measureStatus }] : [] })),
      scores: Object.fromEntries(criteria.criteria.map((criterion) => [criterion.key, Number(form.get(`score-${criterion.key}`))])),
    };
    void submit.run(async () => {
      await putProcurementAnalysis(assessment.id, body);
      onSaved();
    });
  }

  const scale = ['1', '2', '3', '4', '5'] as const;
  return (
    <form onSubmit={save} data-testid="analysis-form" aria-labelledby="analysis-form-heading">
      <Heading level={3} id="analysis-form-heading">
        {stored ? t('procurement.reviseAnalysis') : t('procurement.recordAnalysis')}
      </Heading>
      {risks.map((risk, index) => (
        <fieldset key={risk.key} className="vitaal-fieldset" data-testid="risk-fieldset">
          <legend>{t('procurement.riskN', { n: index + 1 })}</legend>
          <OptionSelect label={t('procurement.riskType')} name={`riskType-${risk.key}`} options={optionsOf(procurementRiskTypes, (type) => t(`procurement.riskTypes.${type}`))} value={risk.riskType} onChange={(riskType) => update(risk.key, { riskType })} />
          <FormFieldTextarea label={t('procurement.riskDescription')} name={`description-${risk.key}`} rows={2} required value={risk.description} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => update(risk.key, { description: event.target.value })} />
          <OptionSelect label={t('procurement.likelihood')} name={`likelihood-${risk.key}`} options={optionsOf(scale, String)} value={String(risk.likelihood)} onChange={(value) => update(risk.key, { likelihood: Number(value) })} />
          <OptionSelect label={t('procurement.impact')} name={`impact-${risk.key}`} options={optionsOf(scale, String)} value={String(risk.impact)} onChange={(value) => update(risk.key, { impact: Number(value) })} />
          <FormFieldTextarea label={t('procurement.measure')} name={`measure-${risk.key}`} rows={2} value={risk.measure} onChange={(event: ChangeEvent<HTMLTextAreaElement>) => update(risk.key, { measure: event.target.value })} />
          <OptionSelect label={t('procurement.measureStatus')} name={`measureStatus-${risk.key}`} options={optionsOf(measureStatuses, (status) => t(`procurement.measureStatuses.${status}`))} value={risk.measureStatus} onChange={(measureStatus) => update(risk.key, { measureStatus })} />
          {risks.length > 1 && (
            <Button appearance="secondary-action-button" type="button" onClick={() => setRisks((current) => current.filter((other) => other.key !== risk.key))}>
              {t('procurement.removeRisk', { n: index + 1 })}
            </Button>
          )}
        </fieldset>
      ))}
      <Paragraph>
        <Button appearance="secondary-action-button" type="button" data-testid="add-risk" onClick={() => setRisks((current) => [...current, newRisk(Math.max(-1, ...current.map((risk) => risk.key)) + 1)])}>
          {t('procurement.addRisk')}
        </Button>
      </Paragraph>
      <fieldset className="vitaal-fieldset" data-testid="criteria-fieldset">
        <legend>{t('procurement.scores')}</legend>
        {ordered.map((criterion) => (
          <FormFieldTextInput
            key={criterion.key}
            label={t('procurement.scoreLabel', { name: english ? criterion.nameEn : criterion.nameNl, weight: criterion.weight, percent: total > 0 ? Math.round((criterion.weight / total) * 100) : 0 })}
            name={`score-${criterion.key}`}
            type="number"
            min={0}
            max={10}
            step="any"
            required
            defaultValue={stored ? String(stored.scores[criterion.key] ?? '') : ''}
            data-criterion={criterion.key}
          />
        ))}
      </fieldset>
      <FormFoot state={submit} label={t('procurement.saveAnalysis')} savedText={t('procurement.analysisSaved')} testId="analysis" />
    </form>
  );
}

function DecisionForm({ id, onSaved }: { id: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  function decide(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: ProcurementDecision = { decision: String(form.get('decision')) as ProcurementDecision['decision'], rationale: String(form.get('rationale') ?? '').trim() };
    void submit.run(async () => {
      await decideProcurement(id, body);
      onSaved();
    });
  }
  return (
    <form onSubmit={decide} data-testid="decision-form">
      <OptionSelect label={t('procurement.decisionLabel')} name="decision" options={optionsOf(decisions, (decision) => t(`procurement.decisions.${decision}`))} defaultValue="proceed-with-measures" />
      <FormFieldTextarea label={t('procurement.rationale')} name="rationale" rows={3} required />
      <FormFoot state={submit} label={t('procurement.decide')} savedText={t('procurement.decided')} testId="decision" />
    </form>
  );
}

function LinkForm({ id, cycles, onSaved }: { id: string; cycles: { id: string; openedAt: string; kind: string }[]; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const submit = useFormSubmit();
  function link(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const cycleId = String(new FormData(event.currentTarget).get('cycleId'));
    void submit.run(async () => {
      await linkProcurementToCycle(id, cycleId);
      onSaved();
    });
  }
  return (
    <form onSubmit={link} data-testid="link-form">
      <FormFieldSelect label={t('procurement.cycle')} name="cycleId">
        {cycles.map((cycle) => (
          <SelectOption key={cycle.id} value={cycle.id}>
            {t('procurement.cycleOption', { kind: t(`cycles.kinds.${cycle.kind}`, { defaultValue: cycle.kind }), at: formatDateTime(cycle.openedAt, i18n.language) })}
          </SelectOption>
        ))}
      </FormFieldSelect>
      <FormFoot state={submit} label={t('procurement.linkSubmit')} savedText={t('procurement.linked')} testId="link" />
    </form>
  );
}
