import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkThreat, nearestClass, parseRiskMethod, parseThreatCatalogue, scoreScenario } from './risk.ts';

const reference = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'data', 'reference', name), 'utf8')) as unknown;
const method = parseRiskMethod(reference('risk-method.json'));
const threats = parseThreatCatalogue(reference('threats.json'));

describe('the shipped reference data', () => {
  it('marks the unconfirmed parts of the risk method and leaves unknown boundaries empty', () => {
    expect(method.confirmed).toBe(false);
    expect(method.likelihood.confirmed).toBe(false);
    expect(method.criteria.filter((criterion) => criterion.confirmed).map((criterion) => criterion.key)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3']);
    expect(method.criteria.every((criterion) => criterion.boundaries === null)).toBe(true);
  });

  it('holds the six threats of the NCTV threat landscape', () => {
    expect(threats.threats.map((threat) => threat.key)).toEqual(['state-actors', 'terrorism-extremism', 'activism', 'crime', 'natural-climate', 'process-failure']);
    expect(() => checkThreat(threats, 'state-actors', 'sabotage')).not.toThrow();
    expect(() => checkThreat(threats, 'state-actors', 'drought')).toThrow(expect.objectContaining({ code: 'threat-unknown' }));
  });
});

describe('scoreScenario (weighted mean of the class scores, nearest class, likelihood × impact)', () => {
  it.each([
    [{ likelihoodClass: 'C', impacts: { '2.1': 'E' } }, { impactScore: 5, impactClass: 'E', riskScore: 15 }],
    [{ likelihoodClass: 'A', impacts: { '2.1': 'A', '3.1': 'B' } }, { impactScore: 1.5, impactClass: 'B', riskScore: 1.5 }],
    [{ likelihoodClass: 'E', impacts: { '2.1': 'B', '3.1': 'B', '5.1': 'C', '1.1': 'X' } }, { impactScore: 2.33, impactClass: 'B', riskScore: 11.65 }],
  ])('%j → %j', (input, expected) => {
    expect(scoreScenario(method, input)).toMatchObject(expected);
  });

  it('names every class or criterion that does not fit the method', () => {
    expect(() => scoreScenario(method, { likelihoodClass: 'Z', impacts: { '9.9': 'A', '2.1': 'Q' } })).toThrow(
      expect.objectContaining({ code: 'risk-class-invalid', details: [{ path: '/likelihoodClass', message: expect.any(String) }, { path: '/impacts/9.9', message: expect.any(String) }, { path: '/impacts/2.1', message: expect.any(String) }] }),
    );
    expect(() => scoreScenario(method, { likelihoodClass: 'C', impacts: { '2.1': 'X' } })).toThrow(expect.objectContaining({ details: [{ path: '/impacts', message: expect.any(String) }] }));
  });

  it('rounds a tie to the higher class', () => {
    expect(nearestClass(method.impact.classes, 2.5).class).toBe('C');
  });
});
