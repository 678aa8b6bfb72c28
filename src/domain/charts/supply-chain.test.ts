import { describe, expect, it } from 'vitest';
import { concentrationSpec, countFindings, highRiskHeatMapSpec } from './supply-chain.ts';

describe('high-risk heat map', () => {
  const groups = [
    { sector: 'Energy', findings: [{ level: 'core' }, { level: 'core' }, { level: 'flagged' }] },
    { sector: 'Energy', findings: [{ level: 'core' }] },
    { sector: 'Finance', findings: [{ level: 'core' }] },
  ];

  it('counts findings per sector and level, merging the groups of one sector and filling empty cells with 0', () => {
    const cells = countFindings(groups, (group) => group.sector, (group) => group.findings, (finding) => finding.level, ['core', 'flagged']);
    expect(cells).toEqual([
      { sector: 'Energy', level: 'core', findings: 3 },
      { sector: 'Energy', level: 'flagged', findings: 1 },
      { sector: 'Finance', level: 'core', findings: 1 },
      { sector: 'Finance', level: 'flagged', findings: 0 },
    ]);
  });

  it('draws one rect per cell with the count as text, levels in the given order', () => {
    const cells = countFindings(groups, (group) => group.sector, (group) => group.findings, (finding) => finding.level, ['core', 'flagged']);
    const spec = highRiskHeatMapSpec(cells, ['core', 'flagged'], { sector: 'Sector', level: 'Level', findings: 'Findings' }) as unknown as {
      data: { values: unknown[] };
      encoding: { x: { scale: { domain: string[] } } };
      layer: { mark: { type: string } }[];
    };
    expect(spec.data.values).toHaveLength(4);
    expect(spec.encoding.x.scale.domain).toEqual(['core', 'flagged']);
    expect(spec.layer.map((layer) => layer.mark.type)).toEqual(['rect', 'text']);
  });
});

describe('concentration chart', () => {
  it('draws the bars and a rule at each band threshold', () => {
    const spec = concentrationSpec([{ assetClass: 'scada', hhi: 5000, level: 'high' }], { moderate: 1000, high: 1800 }, { assetClass: 'Class', hhi: 'HHI', level: 'Band' }) as unknown as {
      layer: { data: { values: Record<string, unknown>[] }; mark: { type: string } }[];
    };
    expect(spec.layer[0]?.data.values).toEqual([{ assetClass: 'scada', hhi: 5000, level: 'high' }]);
    expect(spec.layer[1]?.mark.type).toBe('rule');
    expect(spec.layer[1]?.data.values.map((value) => value.threshold)).toEqual([1000, 1800]);
  });
});
