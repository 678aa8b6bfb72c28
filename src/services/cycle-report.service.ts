import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { indicatorTrendSpec, riskDiagramSpec } from '../domain/charts/risk-diagram.ts';
import { serialiseWorkbook, type Sheet, type TableRow } from '../interop/tabular.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeCycleOverviewReport } from './policy.ts';
import type { CycleDesignationService } from './cycle-designation.service.ts';
import type { CyclesService } from './cycles.service.ts';
import type { EffectivenessService } from './effectiveness.service.ts';
import type { ProgrammeService } from './programme.service.ts';
import { renderChartSvg } from './reports/charts.ts';
import { formatInstantBoth, renderPdf, type ReportBlock, type ReportSection } from './reports/pdf.ts';
import type { ResilienceService } from './resilience.service.ts';
import type { RiskService } from './risk.service.ts';
import { inTransaction } from './transaction.ts';
import type { VitalityService } from './vitality.service.ts';

const phrases = {
  nl: {
    title: 'Rapport cyclus vitaal',
    facts: 'Cyclus',
    process: 'Vitaal proces',
    kind: 'Soort',
    opened: 'Geopend',
    due: 'Uiterlijk gereed',
    completed: 'Afgerond',
    open: 'nog niet afgerond',
    steps: 'Stappen',
    stepColumns: ['Stap', 'Status', 'Gestart', 'Afgerond'],
    designation: '1. Aanwijzing',
    decision: 'Besluit',
    noDecision: 'Nog geen besluit over de vitaliteit in deze cyclus.',
    decisionFacts: ['Voorgestelde categorie', 'Besloten categorie', 'Motivering', 'EU-belang', 'NAVO-belang', 'Drempelversie'],
    providerColumns: ['Aanbieder', 'Status', 'Gewijzigd', 'Geïnformeerd'],
    analysis: '2. Weerbaarheidsanalyse',
    scoreColumns: ['Aanbieder', 'Indicator', 'Fase', 'Score', 'Motivering'],
    processScores: 'Processcore per indicator',
    processColumns: ['Indicator', 'Analyse', 'Herbeoordeling'],
    threats: 'Dreigingen',
    threatColumns: ['Dreiging', 'Subdreiging', 'Toelichting'],
    scenarios: 'Risicoscenario’s',
    scenarioColumns: ['Sleutel', 'Scenario', 'Kans', 'Impact', 'Impactscore', 'Risicoscore', 'Herbeoordeling'],
    diagram: 'Risicodiagram: kansklasse × geaggregeerde impact',
    programme: '3. Actieprogramma',
    measureColumns: ['Maatregel', 'Reikwijdte', 'Eigenaar', 'Uiterlijk', 'Status', 'Kosten (EUR)', 'Te laat'],
    effectiveness: '4. Effectiviteit',
    effectColumns: ['Maatregel', 'Onderwerp', 'Verwacht', 'Waargenomen', 'Oordeel'],
    trend: 'Verloop processcore per indicator over de cycli',
    improved: 'Verbeterd',
    worsened: 'Verslechterd',
    neverAddressed: 'Nooit aangepakt',
    none: 'geen',
    yes: 'ja',
    no: 'nee',
    likelihood: 'Kansklasse',
    impact: 'Impact',
    phase: 'Fase',
    cycle: 'Cyclus',
    score: 'Score',
    indicator: 'Indicator',
    overviewTitle: 'Dwarsdoorsnede cyclus vitaal',
    overviewSubtitle: 'Stand per vitaal proces, zwakste indicatoren landelijk, sectoroverstijgende maatregelen',
    overviewProcesses: 'Stand van de cyclus per proces',
    overviewProcessColumns: ['Proces', 'Sector', 'Soort', 'Status', 'Huidige stap', 'Stappen afgerond', 'Uiterlijk gereed'],
    weakest: 'Zwakste indicatoren landelijk',
    weakestColumns: ['Proces', 'Indicator', 'Score'],
    crossSector: 'Sectoroverstijgende maatregelen',
  },
  en: {
    title: 'Cyclus vitaal report',
    facts: 'Cycle',
    process: 'Vital process',
    kind: 'Kind',
    opened: 'Opened',
    due: 'Due',
    completed: 'Completed',
    open: 'not yet completed',
    steps: 'Steps',
    stepColumns: ['Step', 'State', 'Started', 'Completed'],
    designation: '1. Designation',
    decision: 'Decision',
    noDecision: 'No vitality decision in this cycle yet.',
    decisionFacts: ['Proposed category', 'Decided category', 'Rationale', 'EU interest', 'NATO interest', 'Threshold version'],
    providerColumns: ['Provider', 'Status', 'Changed', 'Notified'],
    analysis: '2. Resilience analysis',
    scoreColumns: ['Provider', 'Indicator', 'Phase', 'Score', 'Rationale'],
    processScores: 'Process score per indicator',
    processColumns: ['Indicator', 'Analysis', 'Re-assessment'],
    threats: 'Threats',
    threatColumns: ['Threat', 'Sub-threat', 'Rationale'],
    scenarios: 'Risk scenarios',
    scenarioColumns: ['Key', 'Scenario', 'Likelihood', 'Impact', 'Impact score', 'Risk score', 'Re-assessment'],
    diagram: 'Risk diagram: likelihood class × aggregated impact',
    programme: '3. Action programme',
    measureColumns: ['Measure', 'Scope', 'Owner', 'Due', 'Status', 'Cost (EUR)', 'Overdue'],
    effectiveness: '4. Effectiveness',
    effectColumns: ['Measure', 'Subject', 'Expected', 'Observed', 'Verdict'],
    trend: 'Process score per indicator across cycles',
    improved: 'Improved',
    worsened: 'Worsened',
    neverAddressed: 'Never addressed',
    none: 'none',
    yes: 'yes',
    no: 'no',
    likelihood: 'Likelihood class',
    impact: 'Impact',
    phase: 'Phase',
    cycle: 'Cycle',
    score: 'Score',
    indicator: 'Indicator',
    overviewTitle: 'Cyclus vitaal cross-sector overview',
    overviewSubtitle: 'Status per vital process, weakest indicators nationwide, cross-sector measures',
    overviewProcesses: 'Cycle status per process',
    overviewProcessColumns: ['Process', 'Sector', 'Kind', 'Status', 'Current step', 'Steps completed', 'Due'],
    weakest: 'Weakest indicators nationwide',
    weakestColumns: ['Process', 'Indicator', 'Score'],
    crossSector: 'Cross-sector measures',
  },
} as const;

interface Deps {
  cycles: CyclesService;
  vitality: VitalityService;
  resilience: ResilienceService;
  cycleDesignation: CycleDesignationService;
  risk: RiskService;
  programme: ProgrammeService;
  effectiveness: EffectivenessService;
}

const day = (value: Date | null | undefined) => (value ? value.toISOString().slice(0, 10) : null);

type Measure = Awaited<ReturnType<ProgrammeService['measuresOf']>>[number];
type Words = (typeof phrases)[keyof typeof phrases];

/** The action programme as a PDF table, in the cycle report and the cross-sector overview alike. */
const measureTable = (measures: readonly Measure[], words: Words): ReportBlock => ({
  kind: 'table',
  columns: words.measureColumns,
  rows: measures.map((measure) => [measure.title, measure.scope, measure.ownerName, day(measure.dueAt), measure.status, measure.costEstimateEur, measure.overdue ? words.yes : words.no]),
});

/** The action programme as a worksheet, in the cycle export and the cross-sector overview alike. */
const measureSheet = (name: string, measures: readonly Measure[]): Sheet => ({
  name,
  columns: ['title', 'scope', 'owner', 'dueAt', 'status', 'overdue', 'costEstimateEur', 'scenarios', 'indicators', 'otherProcesses'],
  rows: measures.map((measure) => ({ title: measure.title, scope: measure.scope, owner: measure.ownerName, dueAt: measure.dueAt.toISOString(), status: measure.status, overdue: measure.overdue, costEstimateEur: measure.costEstimateEur, scenarios: measure.scenarios.map((entry) => entry.key).join(' '), indicators: measure.indicators.map((entry) => entry.indicator).join(' '), otherProcesses: measure.processes.map((entry) => entry.code).join(' ') })),
});

/** Reports of a cycle: the PDF to hand to a minister and the XLSX of every table, both limited to what `actor` may see. */
export function createCycleReportService(db: Kysely<Database>, deps: Deps) {
  /** Everything of a cycle the actor may see, each part read (and audited) through its own use case. */
  async function dossier(actor: Actor, cycleId: string) {
    const cycle = await deps.cycles.get(actor, cycleId);
    const process = await db.selectFrom('vitalProcess').select(['code', 'nameNl', 'nameEn']).where('id', '=', cycle.processId).executeTakeFirstOrThrow();
    const assessments = (await deps.vitality.list(actor, { processId: cycle.processId })).items.filter((item) => item.cycleId === cycleId);
    const providers = (await deps.cycleDesignation.list(actor, cycleId)).items;
    const scores = await deps.resilience.list(actor, cycleId);
    const threats = (await deps.risk.listThreats(actor, cycleId)).items;
    const scenarios = await deps.risk.listScenarios(actor, cycleId);
    const inputs = (await deps.risk.listInputs(actor, cycleId)).items;
    const measures = (await deps.programme.list(actor, cycleId, {})).items;
    const effectiveness = await deps.effectiveness.get(actor, cycleId);
    return { cycle, process, decision: assessments.find((item) => item.decidedAt) ?? assessments[0], providers, scores, threats, scenarios, inputs, measures, effectiveness };
  }

  const audited = async <T>(actor: Actor, cycleId: string | undefined, format: string, work: () => Promise<T>, objectType = 'cycle-report') => {
    const result = await work();
    await inTransaction(db, (tx) => appendAudit(tx, actor, { action: 'read', objectType, objectId: cycleId, details: { format } }));
    return result;
  };

  /** The cross-sector overview as `actor` may see it (the processes it oversees), for those who oversee cycles. */
  const overview = (actor: Actor) => {
    authorizeCycleOverviewReport(actor);
    return deps.effectiveness.overview(actor);
  };

  const providerName = (data: Awaited<ReturnType<typeof dossier>>, id: string) => data.providers.find((provider) => provider.providerId === id)?.providerName ?? id;
  const threatName = (key: string, sub: string, language: 'nl' | 'en') => {
    const threat = deps.risk.threats.threats.find((entry) => entry.key === key);
    const name = (entry: { nameNl: string; nameEn: string } | undefined, fallback: string) => (entry ? (language === 'nl' ? entry.nameNl : entry.nameEn) : fallback);
    return [name(threat, key), sub ? name(threat?.subThreats.find((entry) => entry.key === sub), sub) : ''] as const;
  };

  return {
    dossier,

    /** The PDF report of a cycle: designation, indicator scores, risk diagram, action programme, effectiveness. */
    async pdf(actor: Actor, cycleId: string, language: 'nl' | 'en'): Promise<Buffer> {
      return audited(actor, cycleId, 'pdf', async () => {
        const data = await dossier(actor, cycleId);
        const words = phrases[language];
        const { method } = deps.risk;
        const processName = language === 'nl' ? data.process.nameNl : data.process.nameEn;
        const diagram = await renderChartSvg(
          riskDiagramSpec(
            data.scenarios.diagram,
            { likelihoodClasses: method.likelihood.classes.map((entry) => entry.class), impactClasses: method.impact.classes },
            { likelihood: words.likelihood, impact: words.impact, phase: words.phase },
          ),
        );
        const levels = deps.resilience.scale.levels.map((level) => level.score);
        const trend = data.effectiveness.history.length > 0 ? await renderChartSvg(indicatorTrendSpec(data.effectiveness.history, { min: Math.min(...levels), max: Math.max(...levels) }, { cycle: words.cycle, score: words.score, indicator: words.indicator })) : undefined;
        const decision = data.decision;
        const yesNo = (value: boolean | null) => (value === null ? '–' : value ? words.yes : words.no);
        const list = (entries: readonly { title: string }[]) => (entries.length === 0 ? words.none : entries.map((entry) => entry.title).join('; '));
        const sections: ReportSection[] = [
          {
            heading: words.facts,
            blocks: [
              {
                kind: 'facts',
                rows: [
                  [words.process, `${data.process.code} ${processName}`],
                  [words.kind, data.cycle.kind],
                  [words.opened, formatInstantBoth(data.cycle.openedAt)],
                  [words.due, formatInstantBoth(data.cycle.dueAt)],
                  [words.completed, data.cycle.completedAt ? formatInstantBoth(data.cycle.completedAt) : words.open],
                ],
              },
              { kind: 'table', caption: words.steps, columns: words.stepColumns, rows: data.cycle.steps.map((step) => [step.step, step.state, day(step.startedAt), day(step.completedAt)]) },
            ],
          },
          {
            heading: words.designation,
            blocks: [
              decision
                ? {
                    kind: 'facts',
                    rows: [
                      [words.decisionFacts[0], decision.proposedCategory],
                      [words.decisionFacts[1], decision.decidedCategory ?? '–'],
                      [words.decisionFacts[2], decision.rationale ?? '–'],
                      [words.decisionFacts[3], yesNo(decision.euInterest)],
                      [words.decisionFacts[4], yesNo(decision.natoInterest)],
                      [words.decisionFacts[5], String(decision.thresholdVersion)],
                    ],
                  }
                : { kind: 'paragraph', text: words.noDecision },
              { kind: 'table', columns: words.providerColumns, rows: data.providers.map((provider) => [provider.providerName, provider.status, day(provider.statusChangedAt), day(provider.notifiedAt)]) },
            ],
          },
          {
            heading: words.analysis,
            blocks: [
              { kind: 'table', columns: words.scoreColumns, rows: data.scores.items.map((score) => [providerName(data, score.providerId), score.indicator, score.phase, score.score, score.rationale]) },
              {
                kind: 'table',
                caption: words.processScores,
                columns: words.processColumns,
                rows: data.scores.aggregate.map((entry) => [entry.indicator, entry.score, data.scores.reassessmentAggregate.find((other) => other.indicator === entry.indicator)?.score ?? null]),
              },
              { kind: 'paragraph', text: data.scores.aggregationRule },
              { kind: 'table', caption: words.threats, columns: words.threatColumns, rows: data.threats.map((threat) => [...threatName(threat.threatKey, threat.subThreatKey, language), threat.rationale]) },
              {
                kind: 'table',
                caption: words.scenarios,
                columns: words.scenarioColumns,
                rows: data.scenarios.items.map((scenario) => [
                  scenario.key,
                  scenario.title,
                  scenario.analysis?.likelihoodClass ?? null,
                  scenario.analysis?.impactClass ?? null,
                  scenario.analysis?.impactScore ?? null,
                  scenario.analysis?.riskScore ?? null,
                  scenario.reassessment ? `${scenario.reassessment.likelihoodClass}/${scenario.reassessment.impactClass} (${scenario.reassessment.riskScore})` : null,
                ]),
              },
              { kind: 'paragraph', text: data.scenarios.aggregationRule },
              { kind: 'chart', svg: diagram, caption: words.diagram, width: 400 },
            ],
          },
          {
            heading: words.programme,
            blocks: [measureTable(data.measures, words)],
          },
          {
            heading: words.effectiveness,
            blocks: [
              {
                kind: 'table',
                columns: words.effectColumns,
                rows: data.effectiveness.effects.flatMap((effect) => [
                  ...effect.indicators.map((entry) => [effect.title, entry.indicator, entry.expected, entry.observed, entry.verdict]),
                  ...effect.scenarios.map((entry) => [effect.title, entry.key, `${entry.expectedLikelihoodClass ?? '–'}/${entry.expectedImpactClass ?? '–'}`, `${entry.observedLikelihoodClass ?? '–'}/${entry.observedImpactClass ?? '–'}`, `${entry.likelihoodVerdict}/${entry.impactVerdict}`]),
                ]),
              },
              {
                kind: 'facts',
                rows: [
                  [words.improved, list(data.effectiveness.summary.improved)],
                  [words.worsened, list(data.effectiveness.summary.worsened)],
                  [words.neverAddressed, list(data.effectiveness.summary.neverAddressed)],
                ],
              },
              ...(trend ? [{ kind: 'chart' as const, svg: trend, caption: words.trend, width: 400 }] : []),
            ],
          },
        ];
        return renderPdf({ title: `${words.title}: ${processName}`, subtitle: `${data.process.code} · ${day(data.cycle.openedAt)} – ${day(data.cycle.dueAt)}`, tlp: 'TLP:AMBER', language, generatedAt: new Date(), sections });
      });
    },

    /** Every table of a cycle as one workbook, one sheet per table. */
    async xlsx(actor: Actor, cycleId: string): Promise<Buffer> {
      return audited(actor, cycleId, 'xlsx', async () => {
        const data = await dossier(actor, cycleId);
        const sheet = (name: string, rows: readonly TableRow[], columns?: readonly string[]): Sheet => ({ name, columns: columns ?? Object.keys(rows[0] ?? {}), rows });
        const criteria = deps.risk.method.criteria.map((criterion) => criterion.key);
        const scenarioRow = (scenario: (typeof data.scenarios.items)[number], phase: 'analysis' | 'reassessment'): TableRow[] => {
          const score = scenario[phase];
          return score ? [{ key: scenario.key, title: scenario.title, threat: scenario.threatKey, phase, likelihoodClass: score.likelihoodClass, ...Object.fromEntries(criteria.map((key) => [`impact ${key}`, score.impacts[key] ?? null])), impactScore: score.impactScore, impactClass: score.impactClass, riskScore: score.riskScore, sharedWithProviders: scenario.sharedWithProviders }] : [];
        };
        const sheets: Sheet[] = [
          sheet('Cycle', [{ process: data.process.code, processName: data.process.nameEn, kind: data.cycle.kind, trigger: data.cycle.trigger, status: data.cycle.status, openedAt: data.cycle.openedAt.toISOString(), dueAt: data.cycle.dueAt.toISOString(), completedAt: data.cycle.completedAt?.toISOString() ?? null }]),
          sheet('Steps', data.cycle.steps.map((step) => ({ position: step.position, step: step.step, state: step.state, startedAt: step.startedAt?.toISOString() ?? null, completedAt: step.completedAt?.toISOString() ?? null })), ['position', 'step', 'state', 'startedAt', 'completedAt']),
          sheet('Designation', data.decision ? [{ proposedCategory: data.decision.proposedCategory, decidedCategory: data.decision.decidedCategory, rationale: data.decision.rationale, euInterest: data.decision.euInterest, natoInterest: data.decision.natoInterest, thresholdVersion: data.decision.thresholdVersion, decidedAt: data.decision.decidedAt?.toISOString() ?? null }] : [], ['proposedCategory', 'decidedCategory', 'rationale', 'euInterest', 'natoInterest', 'thresholdVersion', 'decidedAt']),
          sheet('Providers', data.providers.map((provider) => ({ provider: provider.providerName, code: provider.providerCode, status: provider.status, statusChangedAt: provider.statusChangedAt?.toISOString() ?? null, notifiedAt: provider.notifiedAt?.toISOString() ?? null })), ['provider', 'code', 'status', 'statusChangedAt', 'notifiedAt']),
          sheet('Notifications', data.providers.flatMap((provider) => provider.notifications.map((entry) => ({ provider: provider.providerName, status: entry.status, message: entry.message, sentAt: entry.sentAt.toISOString(), acknowledgedAt: entry.acknowledgedAt?.toISOString() ?? null }))), ['provider', 'status', 'message', 'sentAt', 'acknowledgedAt']),
          sheet('Indicator scores', data.scores.items.map((score) => ({ provider: providerName(data, score.providerId), indicator: score.indicator, phase: score.phase, score: score.score, rationale: score.rationale, evidence: score.evidence.join(' ') })), ['provider', 'indicator', 'phase', 'score', 'rationale', 'evidence']),
          sheet('Process scores', data.scores.aggregate.map((entry) => ({ indicator: entry.indicator, analysis: entry.score, mean: entry.mean, providers: entry.providers, reassessment: data.scores.reassessmentAggregate.find((other) => other.indicator === entry.indicator)?.score ?? null })), ['indicator', 'analysis', 'mean', 'providers', 'reassessment']),
          sheet('Threats', data.threats.map((threat) => ({ threat: threat.threatKey, subThreat: threat.subThreatKey, rationale: threat.rationale })), ['threat', 'subThreat', 'rationale']),
          sheet('Scenarios', data.scenarios.items.flatMap((scenario) => [...scenarioRow(scenario, 'analysis'), ...scenarioRow(scenario, 'reassessment')]), ['key', 'title', 'threat', 'phase', 'likelihoodClass', ...criteria.map((key) => `impact ${key}`), 'impactScore', 'impactClass', 'riskScore', 'sharedWithProviders']),
          sheet('Inputs', data.inputs.map((input) => ({ kind: input.kind, title: input.title, reference: input.reference, vendor: input.vendorName ?? null, note: input.note })), ['kind', 'title', 'reference', 'vendor', 'note']),
          measureSheet('Measures', data.measures),
          sheet('Effects', data.effectiveness.effects.flatMap((effect) => [
            ...effect.indicators.map((entry) => ({ measure: effect.title, subject: entry.indicator, baseline: entry.baseline, expected: entry.expected, observed: entry.observed, verdict: entry.verdict })),
            ...effect.scenarios.map((entry) => ({ measure: effect.title, subject: entry.key, baseline: null, expected: `${entry.expectedLikelihoodClass ?? ''}/${entry.expectedImpactClass ?? ''}`, observed: `${entry.observedLikelihoodClass ?? ''}/${entry.observedImpactClass ?? ''}`, verdict: `${entry.likelihoodVerdict}/${entry.impactVerdict}` })),
          ]), ['measure', 'subject', 'baseline', 'expected', 'observed', 'verdict']),
          sheet('Trends', [
            ...data.effectiveness.indicators.map((entry) => ({ kind: 'indicator', subject: entry.indicator, previous: entry.previous, analysis: entry.analysis, reassessment: entry.reassessment, trendInCycle: entry.trendInCycle, trendSincePrevious: entry.trendSincePrevious, addressed: entry.addressed })),
            ...data.effectiveness.risks.map((entry) => ({ kind: 'risk', subject: entry.key, previous: entry.previous, analysis: entry.analysis, reassessment: entry.reassessment, trendInCycle: entry.trendInCycle, trendSincePrevious: entry.trendSincePrevious, addressed: entry.addressed })),
          ], ['kind', 'subject', 'previous', 'analysis', 'reassessment', 'trendInCycle', 'trendSincePrevious', 'addressed']),
        ];
        return serialiseWorkbook(sheets);
      });
    },

    /** The coordinator's cross-sector overview as PDF: cycle status per process, weakest indicators nationwide, cross-sector measures. */
    async overviewPdf(actor: Actor, language: 'nl' | 'en'): Promise<Buffer> {
      return audited(
        actor,
        undefined,
        'pdf',
        async () => {
          const data = await overview(actor);
          const words = phrases[language];
          const sections: ReportSection[] = [
            {
              heading: words.overviewProcesses,
              blocks: [
                {
                  kind: 'table',
                  columns: words.overviewProcessColumns,
                  rows: data.processes.map((entry) => [`${entry.processCode} ${language === 'nl' ? entry.processNameNl : entry.processNameEn}`, entry.sectorCode, entry.kind, entry.status, entry.currentStep, `${entry.stepsCompleted}/${entry.steps}`, day(entry.dueAt)]),
                },
              ],
            },
            { heading: words.weakest, blocks: [{ kind: 'table', columns: words.weakestColumns, rows: data.weakestIndicators.map((entry) => [entry.processCode, entry.indicator, entry.score]) }] },
            { heading: words.crossSector, blocks: [measureTable(data.crossSectorMeasures, words)] },
          ];
          return renderPdf({ title: words.overviewTitle, subtitle: words.overviewSubtitle, tlp: 'TLP:AMBER', language, generatedAt: new Date(), sections });
        },
        'cycle-overview-report',
      );
    },

    /** The cross-sector overview as an XLSX workbook, one sheet per table. */
    async overviewXlsx(actor: Actor): Promise<Buffer> {
      return audited(
        actor,
        undefined,
        'xlsx',
        async () => {
          const data = await overview(actor);
          return serialiseWorkbook([
            {
              name: 'Processes',
              columns: ['process', 'processName', 'sector', 'category', 'cycleId', 'kind', 'status', 'currentStep', 'stepsCompleted', 'steps', 'openedAt', 'dueAt', 'completedAt'],
              rows: data.processes.map((entry) => ({ process: entry.processCode, processName: entry.processNameEn, sector: entry.sectorCode, category: entry.category, cycleId: entry.id, kind: entry.kind, status: entry.status, currentStep: entry.currentStep, stepsCompleted: entry.stepsCompleted, steps: entry.steps, openedAt: entry.openedAt.toISOString(), dueAt: entry.dueAt.toISOString(), completedAt: entry.completedAt?.toISOString() ?? null })),
            },
            { name: 'Weakest indicators', columns: ['process', 'indicator', 'score', 'cycleId'], rows: data.weakestIndicators.map((entry) => ({ process: entry.processCode, indicator: entry.indicator, score: entry.score, cycleId: entry.cycleId })) },
            measureSheet('Cross-sector measures', data.crossSectorMeasures),
          ]);
        },
        'cycle-overview-report',
      );
    },
  };
}

export type CycleReportService = ReturnType<typeof createCycleReportService>;
