import { classifyEnterpriseSize, enterpriseSizeBasis, explainEnterpriseSize, type EnterpriseFigures, type EnterpriseSize } from './enterprise-size.ts';
import { invalid, type ErrorDetail } from './errors.ts';

/**
 * NIS2 (Directive (EU) 2022/2555) art. 2–3 and CER (Directive (EU) 2022/2557) art. 6, 8 and 17 scoping of one
 * organisation. Facts: REFERENCE.md §5.1–5.4 and §6. Sector keys are the annexes' sector and subsector names in
 * kebab-case joined by a dot; `other` is a sector outside the annexes.
 */
interface SectorSpec {
  /** The NIS2 annex point, e.g. `Annex I, point 1(a)`; absent for `other`. */
  nis2: { annex: 'I' | 'II'; point: string } | undefined;
  /** Listed in the CER annex (REFERENCE.md §6.1). */
  cerAnnex: boolean;
  /** CER art. 8: identified, but Chapters III, IV and VI do not apply (DORA and NIS2 cover them). */
  cerArt8: boolean;
}

const annexI = (point: string, cerArt8 = false): SectorSpec => ({ nis2: { annex: 'I', point: `Annex I, point ${point}` }, cerAnnex: true, cerArt8 });
const annexII = (point: string, cerAnnex = false): SectorSpec => ({ nis2: { annex: 'II', point: `Annex II, point ${point}` }, cerAnnex, cerArt8: false });

export const sectors = {
  'energy.electricity': annexI('1(a)'),
  'energy.district-heating': annexI('1(b)'),
  'energy.oil': annexI('1(c)'),
  'energy.gas': annexI('1(d)'),
  'energy.hydrogen': annexI('1(e)'),
  'transport.air': annexI('2(a)'),
  'transport.rail': annexI('2(b)'),
  'transport.water': annexI('2(c)'),
  'transport.road': annexI('2(d)'),
  banking: annexI('3', true),
  'financial-market-infrastructures': annexI('4', true),
  health: annexI('5'),
  'drinking-water': annexI('6'),
  'waste-water': annexI('7'),
  'digital-infrastructure': annexI('8', true),
  'ict-service-management': { ...annexI('9'), cerAnnex: false },
  'public-administration': annexI('10'),
  space: annexI('11'),
  'postal-and-courier': annexII('1'),
  'waste-management': annexII('2'),
  chemicals: annexII('3'),
  food: annexII('4', true),
  'manufacturing.medical-devices': annexII('5(a)'),
  'manufacturing.electronics': annexII('5(b)'),
  'manufacturing.electrical-equipment': annexII('5(c)'),
  'manufacturing.machinery': annexII('5(d)'),
  'manufacturing.motor-vehicles': annexII('5(e)'),
  'manufacturing.other-transport': annexII('5(f)'),
  'digital-providers': annexII('6'),
  research: annexII('7'),
  other: { nis2: undefined, cerAnnex: false, cerArt8: false },
} satisfies Record<string, SectorSpec>;

export type SectorKey = keyof typeof sectors;
export const sectorKeys = Object.keys(sectors) as SectorKey[];

/** Facts about an organisation that decide scope regardless of size; each names the article it feeds. */
export const scopingFlags = [
  'public-electronic-communications',
  'trust-service-provider',
  'qualified-trust-service-provider',
  'tld-registry',
  'dns-service-provider',
  'domain-registration',
  'sole-provider',
  'public-safety-impact',
  'systemic-risk',
  'nationally-important',
  'public-administration-central',
  'public-administration-regional',
  'designated-essential',
  'cer-critical-entity',
  'serves-six-or-more-member-states',
] as const;
export type ScopingFlag = (typeof scopingFlags)[number];

export const nis2Outcomes = ['essential', 'important', 'out-of-scope'] as const;
export type Nis2Outcome = (typeof nis2Outcomes)[number];
export const cerOutcomes = ['critical', 'critical-european-significance', 'not-critical'] as const;
export type CerOutcome = (typeof cerOutcomes)[number];

export interface ScopingInput extends EnterpriseFigures {
  sector: string;
  flags: readonly string[];
}

export interface ScopingReason {
  regime: 'nis2' | 'cer' | 'size';
  /** The article (or recommendation) the reason rests on, e.g. `NIS2 art. 3(1)(a)`. */
  basis: string;
  text: string;
}

export interface ScopingResult {
  nis2: Nis2Outcome;
  cer: CerOutcome;
  size: EnterpriseSize;
  reasons: ScopingReason[];
}

/** Annex I, point 8 (digital infrastructure) types that NIS2 art. 2(2)(a) brings in regardless of size. */
const digitalInfrastructureFlags: readonly ScopingFlag[] = ['public-electronic-communications', 'trust-service-provider', 'qualified-trust-service-provider', 'tld-registry', 'dns-service-provider'];
/** Annex I, point 10 (public administration) types of NIS2 art. 2(2)(f). */
const publicAdministrationFlags: readonly ScopingFlag[] = ['public-administration-central', 'public-administration-regional'];
/** NIS2 art. 2(2)(b)–(e): grounds a Member State identifies, for entities of an Annex I or II type. */
const memberStateGrounds: [ScopingFlag, string, string][] = [
  ['sole-provider', 'NIS2 art. 2(2)(b)', 'sole provider in a Member State of a service essential for critical societal or economic activities'],
  ['public-safety-impact', 'NIS2 art. 2(2)(c)', 'a disruption could significantly affect public safety, public security or public health'],
  ['systemic-risk', 'NIS2 art. 2(2)(d)', 'a disruption could induce a significant systemic risk, in particular with cross-border impact'],
  ['nationally-important', 'NIS2 art. 2(2)(e)', 'critical because of its specific importance at national or regional level'],
];

/** Refuses unknown sector keys and flags with the valid ones (DomainError `unknown-sector` / `unknown-flag`). */
function checkKeys(input: ScopingInput): { sector: SectorKey; flags: Set<ScopingFlag> } {
  if (!(sectorKeys as string[]).includes(input.sector))
    throw invalid('unknown-sector', `Unknown sector "${input.sector}"; choose one of: ${sectorKeys.join(', ')}.`, [{ path: '/sector', message: `must be one of: ${sectorKeys.join(', ')}` }]);
  const unknown: ErrorDetail[] = input.flags.flatMap((flag, index) =>
    (scopingFlags as readonly string[]).includes(flag) ? [] : [{ path: `/flags/${index}`, message: `unknown flag "${flag}"; must be one of: ${scopingFlags.join(', ')}` }],
  );
  if (unknown.length) throw invalid('unknown-flag', `Unknown flag(s); choose from: ${scopingFlags.join(', ')}.`, unknown);
  return { sector: input.sector as SectorKey, flags: new Set(input.flags as ScopingFlag[]) };
}

/**
 * The NIS2 outcome (essential, important, out of scope) and the CER outcome of one organisation, with every reason
 * that applies, each citing its article. Flags describing an Annex I, point 8 or 10 service (public e-communications,
 * trust services, TLD, DNS, public administration) make the entity of that Annex I type whatever its sector key.
 * Not modelled: NIS2 art. 3(1)(g) (NIS1 operators of essential services, at a Member State's option; no flag),
 * art. 2(5) (local public administration, education) and the exclusions of art. 2(7)–(8).
 */
export function classifyEntity(input: ScopingInput): ScopingResult {
  const { sector, flags } = checkKeys(input);
  const size = classifyEnterpriseSize(input);
  const has = (flag: ScopingFlag) => flags.has(flag);
  const spec: SectorSpec = sectors[sector];
  const reasons: ScopingReason[] = [{ regime: 'size', basis: enterpriseSizeBasis, text: explainEnterpriseSize(input, size) }];
  const nis2 = (basis: string, text: string) => reasons.push({ regime: 'nis2', basis, text });
  const cer = (basis: string, text: string) => reasons.push({ regime: 'cer', basis, text });

  const typeFlags = [...digitalInfrastructureFlags, ...publicAdministrationFlags].filter(has);
  const annexIType = spec.nis2?.annex === 'I' || typeFlags.length > 0;
  const annexType = annexIType || spec.nis2 !== undefined;
  const typeText = spec.nis2
    ? `sector ${sector} is of a type in ${spec.nis2.point}`
    : typeFlags.length
      ? `sector ${sector} is outside the annexes, but ${typeFlags.join(', ')} is a type in Annex I`
      : `sector ${sector} is not of a type in Annex I or II`;

  let inScope = false;
  const essentialBases: string[] = [];

  // Art. 2: scope.
  if (annexType && size !== 'small') {
    inScope = true;
    nis2('NIS2 art. 2(1)', `in scope: ${typeText} and the entity is at least medium-sized`);
  }
  const digital = digitalInfrastructureFlags.filter(has);
  if (digital.length) {
    inScope = true;
    nis2('NIS2 art. 2(2)(a)', `in scope regardless of size: ${digital.join(', ')} (Annex I, point 8)`);
  }
  for (const [flag, basis, text] of memberStateGrounds) {
    if (!has(flag)) continue;
    if (annexType) {
      inScope = true;
      nis2(basis, `in scope regardless of size: ${text}`);
    } else nis2(basis, `no effect: applies only to entities of a type in Annex I or II (${flag})`);
  }
  if (has('public-administration-central')) {
    inScope = true;
    nis2('NIS2 art. 2(2)(f)(i)', 'in scope regardless of size: public administration entity of central government');
  }
  if (has('public-administration-regional')) {
    inScope = true;
    nis2('NIS2 art. 2(2)(f)(ii)', 'in scope regardless of size: public administration entity at regional level whose services, following a risk-based assessment, are critical');
  }
  if (sector === 'public-administration' && !publicAdministrationFlags.some(has))
    nis2('NIS2 Annex I, point 10; art. 2(5)', 'Annex I covers public administration of central government and at regional level only (give public-administration-central or -regional); local public administration is in scope only where a Member State extends the directive');
  if (has('cer-critical-entity')) {
    inScope = true;
    nis2('NIS2 art. 2(3)', 'in scope regardless of size: identified as a critical entity under CER');
  }
  if (has('domain-registration'))
    nis2('NIS2 art. 2(4), 3(3)', 'domain name registration services: the directive applies regardless of size and the entity is listed, but this alone does not make it essential or important');

  // Art. 3(1): essential.
  const essential = (basis: string, text: string) => {
    essentialBases.push(basis);
    nis2(basis, text);
  };
  if (annexIType && size === 'large') essential('NIS2 art. 3(1)(a)', `essential: ${typeText} and the entity exceeds the medium-sized ceilings`);
  const regardless = (['qualified-trust-service-provider', 'tld-registry', 'dns-service-provider'] as const).filter(has);
  if (regardless.length) essential('NIS2 art. 3(1)(b)', `essential regardless of size: ${regardless.join(', ')}`);
  if (has('public-electronic-communications') && size === 'medium') essential('NIS2 art. 3(1)(c)', 'essential: medium-sized provider of public electronic communications networks or services');
  if (has('public-administration-central')) essential('NIS2 art. 3(1)(d)', 'essential: public administration entity of central government (art. 2(2)(f)(i))');
  if (has('designated-essential')) {
    if (annexType) essential('NIS2 art. 3(1)(e)', 'essential: identified by the Member State as essential under art. 2(2)(b)–(e)');
    else nis2('NIS2 art. 3(1)(e)', 'no effect: only entities of a type in Annex I or II can be identified as essential (designated-essential)');
  }
  if (has('cer-critical-entity')) essential('NIS2 art. 3(1)(f)', 'essential: critical entity under CER, whatever its size');

  let nis2Outcome: Nis2Outcome;
  if (essentialBases.length) nis2Outcome = 'essential';
  else if (inScope) {
    nis2Outcome = 'important';
    nis2('NIS2 art. 3(2)', `important: ${typeText}, in scope, and no ground of art. 3(1) makes it essential${annexIType && size === 'medium' ? ' (art. 3(1)(a) needs a large enterprise)' : ''}`);
  } else {
    nis2Outcome = 'out-of-scope';
    nis2(
      'NIS2 art. 2(1)',
      annexType
        ? `out of scope: ${typeText} but the entity is small, and no exception of art. 2(2)–(3) applies`
        : `out of scope: ${typeText}, and no flag brings it in`,
    );
  }

  // CER.
  let cerOutcome: CerOutcome = 'not-critical';
  if (has('cer-critical-entity')) {
    cerOutcome = 'critical';
    cer('CER art. 6(1)', 'critical entity: identified by the Member State (in the Netherlands designated by the responsible ministry under the Wwke)');
    if (!spec.cerAnnex) cer('CER art. 2, Annex', `sector ${sector} is not among the CER annex sectors; check the designation`);
    if (spec.cerArt8) cer('CER art. 8', `sector ${sector}: Chapters III, IV and VI of CER do not apply; DORA and NIS2 cover resilience measures and incident notification`);
    if (has('serves-six-or-more-member-states')) {
      cerOutcome = 'critical-european-significance';
      cer('CER art. 17', 'critical entity of particular European significance: provides the same or similar essential services to or in six or more Member States');
    }
  } else {
    cer('CER art. 6(1)', 'not critical: not identified as a critical entity by the Member State');
    if (has('serves-six-or-more-member-states')) cer('CER art. 17', 'no effect: particular European significance applies only to critical entities (serves-six-or-more-member-states)');
  }

  return { nis2: nis2Outcome, cer: cerOutcome, size, reasons };
}
