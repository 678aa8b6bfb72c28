import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnalysis, checkProcurementReference, decideQuickscan, scoreAnalysis, type ProcurementReference, type QuickscanFacts } from './procurement.ts';

const reference = JSON.parse(readFileSync(new URL('../../data/reference/procurement-risk.json', import.meta.url), 'utf8')) as ProcurementReference;
const rules = reference.quickscan;
const dutch = { country: 'NL', controlledFromCountry: null };
const harmless: QuickscanFacts = { dataAccess: 'none', networkAccess: 'none', physicalAccess: false, assetCriticality: 'other', vendor: dutch, highRiskMatches: [], qualifiedAlternatives: 5 };
const codes = (facts: Partial<QuickscanFacts>) => decideQuickscan({ ...harmless, ...facts }, rules).reasons.map((reason) => reason.code);

describe('procurement quickscan', () => {
  it('needs no full analysis for office supplies from a Dutch vendor', () => {
    expect(decideQuickscan(harmless, rules)).toEqual({ fullAnalysisRequired: false, reasons: [] });
  });

  it('always requires the analysis for a vendor established in or controlled from a high-risk country', () => {
    const outcome = decideQuickscan({ ...harmless, highRiskMatches: [{ country: 'CN', relation: 'controlled-from' }] }, rules);
    expect(outcome.fullAnalysisRequired).toBe(true);
    expect(outcome.reasons[0]).toMatchObject({ code: 'high-risk-jurisdiction', riskTypes: ['continuity', 'leakage'] });
    expect(outcome.reasons[0]!.text).toContain('controlled from CN');
  });

  it('treats an unregistered vendor as unknown jurisdiction once it reaches data, network, site or a vital asset', () => {
    expect(codes({ vendor: null })).toEqual([]);
    expect(codes({ vendor: null, dataAccess: 'business' })).toEqual(['jurisdiction-unknown']);
    expect(codes({ vendor: null, assetCriticality: 'vital-process' })).toEqual(['jurisdiction-unknown']);
  });

  it('flags confidential data under a jurisdiction outside the trusted list, judged by the controlling country', () => {
    expect(codes({ dataAccess: 'confidential', vendor: { country: 'IE', controlledFromCountry: 'US' } })).toEqual(['data-outside-trusted-jurisdiction']);
    expect(codes({ dataAccess: 'confidential', vendor: { country: 'DE', controlledFromCountry: null } })).toEqual([]);
    expect(codes({ dataAccess: 'classified' })).toEqual(['classified-data']);
  });

  it('flags network access to a key asset, and privileged access to any asset of a vital process', () => {
    expect(codes({ assetCriticality: 'key-asset', networkAccess: 'remote' })).toEqual(['access-to-critical-asset']);
    expect(codes({ assetCriticality: 'vital-process', networkAccess: 'remote' })).toEqual([]);
    expect(codes({ assetCriticality: 'vital-process', networkAccess: 'privileged' })).toEqual(['access-to-critical-asset']);
    expect(codes({ assetCriticality: 'other', networkAccess: 'privileged' })).toEqual([]);
  });

  it('flags a strategic dependency when a vital asset has fewer qualified alternatives than the reference asks', () => {
    expect(codes({ assetCriticality: 'key-asset', qualifiedAlternatives: 1 })).toEqual(['few-alternatives']);
    expect(codes({ assetCriticality: 'key-asset', qualifiedAlternatives: rules.minQualifiedAlternatives })).toEqual([]);
    expect(codes({ assetCriticality: 'other', qualifiedAlternatives: 0 })).toEqual([]);
    expect(codes({ assetCriticality: 'key-asset', qualifiedAlternatives: null })).toEqual([]);
  });

  it('flags physical access to a vital site', () => {
    expect(codes({ assetCriticality: 'vital-process', physicalAccess: true })).toEqual(['physical-access']);
  });
});

describe('full analysis', () => {
  const scores = { 'national-security': 2, quality: 8, continuity: 6, price: 9 };

  it('weights the criteria with national security’s weight visible', () => {
    const result = scoreAnalysis({ risks: [], scores }, reference);
    const total = reference.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    const national = reference.criteria.find((criterion) => criterion.key === 'national-security')!;
    expect(result.nationalSecurity).toEqual({ weight: national.weight, weightShare: Math.round((national.weight / total) * 1000) / 1000, score: 2 });
    const expected = reference.criteria.reduce((sum, criterion) => sum + (criterion.weight / total) * scores[criterion.key as keyof typeof scores], 0);
    expect(result.weightedScore).toBeCloseTo(expected, 3);
  });

  it('counts high risks without measures', () => {
    const result = scoreAnalysis(
      {
        scores,
        risks: [
          { riskType: 'continuity', description: 'Remote kill switch', likelihood: 4, impact: 5, measures: [] },
          { riskType: 'leakage', description: 'Telemetry', likelihood: 4, impact: 4, measures: [{ description: 'No outbound traffic', status: 'agreed' }] },
          { riskType: 'strategic-dependency', description: 'Lock-in', likelihood: 2, impact: 3, measures: [] },
        ],
      },
      reference,
    );
    expect(result.risks.map((risk) => [risk.score, risk.high])).toEqual([[20, true], [16, true], [6, false]]);
    expect(result.unmitigatedHighRisks).toBe(1);
  });

  it('refuses scores that miss a criterion or name an unknown one, by path', () => {
    expect(checkAnalysis({ risks: [], scores }, reference, '/analysis')).toEqual([]);
    const { price: _price, ...missing } = scores;
    expect(checkAnalysis({ risks: [], scores: { ...missing, beauty: 3 } }, reference, '/analysis')).toEqual([
      { path: '/analysis/scores/price', message: 'score every criterion of the reference' },
      { path: '/analysis/scores/beauty', message: expect.stringContaining('not a criterion') },
    ]);
  });

  it('ships a reference file that marks its weights unconfirmed and names national security', () => {
    expect(checkProcurementReference(reference)).toEqual([]);
    expect(reference.confirmed).toBe(false);
    expect(checkProcurementReference({ ...reference, criteria: [{ key: 'price', nameNl: 'Prijs', nameEn: 'Price', weight: 1 }] })).toContain('/criteria must include national-security');
  });
});
