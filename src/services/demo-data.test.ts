import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Consistency checks of the reference data and the fictional demo data set in `data/`. */
const dataDir = new URL('../../data/', import.meta.url);
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(new URL(file, dataDir), 'utf8')) as T;

interface VitalProcess { id: string; sector: string; category: 'A' | 'B' | null; ministry: string }
interface Sector { code: string; nameNl: string; nameEn: string; matches: string[] }
interface Organisation { code: string; name: string; kind: string; country: string; kvkNumber?: string }
interface ProcessProvider { process: string; provider: string; role: string; status: string }
interface Asset {
  code: string;
  provider: string;
  process: string;
  kind: string;
  latitude: number;
  longitude: number;
  populationServed: number;
  euroPerHour: number;
}
interface Dependency { dependent: string; supplier: string; type: string; group?: string; k?: number; bufferHours: number; crossBorderCountry?: string }
interface Vendor { code: string; country: string; controlledFromCountry?: string; products: { code: string; kind: string }[] }
interface ProductUse { asset: string; product: string }
interface User { email: string; organisation: string; roles: string[] }
interface Supervision { supervisor: string; sectors: string[]; confirmed: boolean }

const processes = read<VitalProcess[]>('reference/vital-processes.json');
const sectors = read<Sector[]>('reference/sectors.json');
const referenceOrgs = read<Organisation[]>('reference/organisations.json');
const ministryMap = read<{ map: Record<string, string> }>('reference/ministry-map.json');
const supervision = read<Supervision[]>('reference/supervision.json');
const demoOrgs = read<Organisation[]>('demo/organisations.json');
const processProviders = read<ProcessProvider[]>('demo/process-providers.json');
const assets = read<Asset[]>('demo/assets.json');
const dependencies = read<Dependency[]>('demo/dependencies.json');
const vendors = read<Vendor[]>('demo/vendors.json');
const productUses = read<ProductUse[]>('demo/product-uses.json');
const users = read<User[]>('demo/users.json');

const processIds = new Set(processes.map((p) => p.id));
const organisations = [...referenceOrgs, ...demoOrgs];
const orgByCode = new Map(organisations.map((o) => [o.code, o]));
const assetByCode = new Map(assets.map((a) => [a.code, a]));
const products = vendors.flatMap((v) => v.products);

const duplicates = (values: string[]) => values.filter((value, index) => values.indexOf(value) !== index);

describe('reference data', () => {
  it('maps every sector string of the vital processes to a sector', () => {
    const matched = new Set(sectors.flatMap((s) => s.matches));
    expect(processes.map((p) => p.sector).filter((s) => !matched.has(s))).toEqual([]);
    expect(duplicates(sectors.flatMap((s) => s.matches))).toEqual([]);
  });

  it('maps every ministry abbreviation to a ministry organisation', () => {
    for (const p of processes) {
      const code = ministryMap.map[p.ministry];
      expect(code, p.ministry).toBeDefined();
      expect(orgByCode.get(code ?? '')?.kind, p.ministry).toBe('ministry');
    }
  });

  it('links supervision to supervisors and sectors that exist', () => {
    const sectorCodes = new Set(sectors.map((s) => s.code));
    for (const s of supervision) {
      expect(orgByCode.get(s.supervisor)?.kind, s.supervisor).toBe('supervisor');
      expect(s.sectors.filter((c) => !sectorCodes.has(c))).toEqual([]);
    }
  });
});

describe('demo data', () => {
  it('has unique codes in every file and across organisations', () => {
    expect(duplicates(sectors.map((s) => s.code))).toEqual([]);
    expect(duplicates(organisations.map((o) => o.code))).toEqual([]);
    expect(duplicates(assets.map((a) => a.code))).toEqual([]);
    expect(duplicates(vendors.map((v) => v.code))).toEqual([]);
    expect(duplicates(products.map((p) => p.code))).toEqual([]);
    expect(duplicates(users.map((u) => u.email))).toEqual([]);
    expect(duplicates(processProviders.map((pp) => `${pp.process} ${pp.provider}`))).toEqual([]);
    expect(duplicates(productUses.map((u) => `${u.asset} ${u.product}`))).toEqual([]);
  });

  it('designates providers only for existing processes and provider organisations', () => {
    for (const pp of processProviders) {
      expect(processIds.has(pp.process), pp.process).toBe(true);
      expect(orgByCode.get(pp.provider)?.kind, pp.provider).toBe('provider');
    }
  });

  it('has at least one provider per process and three per category-A process', () => {
    for (const p of processes) {
      const providers = new Set(processProviders.filter((pp) => pp.process === p.id).map((pp) => pp.provider));
      expect(providers.size, p.id).toBeGreaterThanOrEqual(p.category === 'A' ? 3 : 1);
    }
  });

  it('gives every asset an existing provider that is listed for the asset’s process', () => {
    const listed = new Set(processProviders.map((pp) => `${pp.process} ${pp.provider}`));
    for (const a of assets) {
      expect(orgByCode.get(a.provider)?.kind, a.code).toBe('provider');
      expect(processIds.has(a.process), a.code).toBe(true);
      expect(listed.has(`${a.process} ${a.provider}`), a.code).toBe(true);
    }
    const providersWithAssets = new Set(assets.map((a) => a.provider));
    expect(demoOrgs.filter((o) => o.kind === 'provider' && !providersWithAssets.has(o.code)).map((o) => o.code)).toEqual([]);
    expect(processes.filter((p) => !assets.some((a) => a.process === p.id)).map((p) => p.id)).toEqual([]);
  });

  it('places every asset in the European Netherlands', () => {
    const outside = assets.filter((a) => !(a.latitude >= 50.75 && a.latitude <= 53.55 && a.longitude >= 3.35 && a.longitude <= 7.2));
    expect(outside.map((a) => a.code)).toEqual([]);
  });

  it('has dependencies between existing assets, without self-dependencies or duplicate pairs', () => {
    expect(dependencies.filter((d) => !assetByCode.has(d.dependent) || !assetByCode.has(d.supplier))).toEqual([]);
    expect(dependencies.filter((d) => d.dependent === d.supplier)).toEqual([]);
    expect(dependencies.filter((d) => !(d.bufferHours >= 0))).toEqual([]);
    expect(duplicates(dependencies.map((d) => `${d.dependent} ${d.supplier}`))).toEqual([]);
  });

  it('uses k-of-n groups that the group can satisfy', () => {
    const groups = new Map<string, Dependency[]>();
    for (const d of dependencies) {
      if (d.group === undefined) continue;
      const key = `${d.dependent} ${d.group}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    for (const [key, members] of groups) {
      const ks = new Set(members.map((m) => m.k));
      expect(ks.size, key).toBe(1);
      const k = members[0]?.k ?? 1;
      expect(k, key).toBeGreaterThanOrEqual(1);
      expect(k, key).toBeLessThanOrEqual(members.length);
    }
  });

  it('references existing assets and products in product uses', () => {
    const productCodes = new Set(products.map((p) => p.code));
    expect(productUses.filter((u) => !assetByCode.has(u.asset) || !productCodes.has(u.product))).toEqual([]);
  });

  it('has one demo user per role, in an organisation of the matching kind', () => {
    const roleKind: Record<string, string> = {
      coordinator: 'coordinator',
      ministry: 'ministry',
      provider: 'provider',
      supervisor: 'supervisor',
      csirt: 'csirt',
      partner: 'partner',
      admin: 'operator',
    };
    for (const role of Object.keys(roleKind)) {
      const withRole = users.filter((u) => u.roles.includes(role));
      expect(withRole.length, role).toBeGreaterThanOrEqual(1);
      if (role !== 'provider') expect(withRole.length, role).toBe(1);
    }
    for (const u of users) {
      expect(u.email).toBe(u.email.toLowerCase());
      expect(u).not.toHaveProperty('password');
      for (const role of u.roles) expect(orgByCode.get(u.organisation)?.kind, u.email).toBe(roleKind[role]);
    }
  });

  it('contains a cascade path electricity → telecom → payments', () => {
    const sectorOf = (code: string) => processes.find((p) => p.id === assetByCode.get(code)?.process)?.sector;
    const electricity = new Set(['elektriciteit-landelijk', 'elektriciteit-regionaal']);
    const payments = new Set(['toonbankbetalingsverkeer', 'massaal-giraal', 'hoogwaardig-betalingsverkeer']);
    const dependents = new Map<string, string[]>();
    for (const d of dependencies) dependents.set(d.supplier, [...(dependents.get(d.supplier) ?? []), d.dependent]);

    // Breadth-first search over (asset, passed a telecom asset) states, following supplier → dependent.
    const start = assets.filter((a) => electricity.has(a.process)).map((a) => a.code);
    const seen = new Set(start.map((code) => `${code} false`));
    const queue = start.map((code) => ({ code, viaTelecom: false }));
    let found = false;
    while (queue.length > 0 && !found) {
      const { code, viaTelecom } = queue.shift()!;
      for (const next of dependents.get(code) ?? []) {
        const telecom = viaTelecom || sectorOf(next) === 'ICT/Telecom';
        if (telecom && payments.has(assetByCode.get(next)?.process ?? '')) {
          found = true;
          break;
        }
        const key = `${next} ${telecom}`;
        if (!seen.has(key)) {
          seen.add(key);
          queue.push({ code: next, viaTelecom: telecom });
        }
      }
    }
    expect(found).toBe(true);
  });

  it('marks cross-border dependencies with a country code', () => {
    const crossBorder = dependencies.filter((d) => d.crossBorderCountry !== undefined);
    expect(crossBorder.length).toBeGreaterThan(0);
    for (const d of crossBorder) expect(d.crossBorderCountry).toMatch(/^[A-Z]{2}$/);
  });
});
