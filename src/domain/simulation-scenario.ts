import type { ErrorDetail } from './errors.ts';

/**
 * Outage scenarios on the registry (issue 4, DESIGN.md §5): explicit initial failures, a region with a
 * hazard, a vendor compromise and a cross-border outage, in any combination; the seed makes the random
 * draws (fragility) repeatable. Pure: the service resolves ids to assets and runs the engine.
 */

export const hazards = ['flood', 'storm', 'heat'] as const;
export type Hazard = (typeof hazards)[number];

/** A position as GeoJSON writes it: [longitude, latitude]. */
export type Position = [number, number];

export interface TimedFailure {
  /** When the failure starts (default 0). */
  atHours?: number;
  /** Hours until repaired (default: never within the horizon; for a region, the hazard's repair time). */
  repairHours?: number;
}

export interface RegionSpec extends TimedFailure {
  hazard: Hazard;
  /** A GeoJSON Polygon geometry (first ring outer, further rings holes) … */
  polygon?: { type: 'Polygon'; coordinates: Position[][] };
  /** … or a circle around a point. */
  circle?: { center: Position; radiusKm: number };
}

export interface ScenarioDefinition {
  horizonHours?: number;
  seed?: number;
  initialFailures?: ({ assetId: string } & TimedFailure)[];
  region?: RegionSpec;
  /** Every asset that uses a product of the vendor (directly or inside another product) fails. */
  vendorCompromise?: { vendorId: string } & TimedFailure;
  /**
   * The vendor is cut off (sanctions, insolvency, a supply ban): every asset using a product sold or made by it, or by a
   * vendor it controls through the ownership chain (directly or inside another product), fails.
   */
  vendorCutOff?: { vendorId: string } & TimedFailure;
  /** Every supplier in that country fails: suppliers of cross-border dependencies and assets of providers based there. */
  crossBorder?: { country: string } & TimedFailure;
}

export const defaultScenarioHorizonHours = 168;
export const defaultScenarioSeed = 1;

/** Per hazard: failure probability by asset kind, overrides by asset type, and the repair time (data/reference/hazard-fragility.json). */
export interface FragilityTable {
  hazards: Record<Hazard, { repairHours: number; byKind: Record<string, number>; byAssetType?: Record<string, number> }>;
}

export function fragilityOf(table: FragilityTable, hazard: Hazard, kind: string, assetType: string | null): number {
  const entry = table.hazards[hazard];
  return (assetType !== null ? entry.byAssetType?.[assetType] : undefined) ?? entry.byKind[kind] ?? 0;
}

const earthRadiusKm = 6371.0088;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in km between two [lon, lat] positions. */
export function distanceKm([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const dLat = radians(lat2 - lat1);
  const dLon = radians(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Even-odd rule on one ring, in degrees (fine at the scale of a country). */
function insideRing(ring: Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a [lon, lat] position lies in the region (inside the outer ring and outside every hole, or within the circle). */
export function inRegion(region: Pick<RegionSpec, 'polygon' | 'circle'>, point: Position): boolean {
  if (region.circle) return distanceKm(region.circle.center, point) <= region.circle.radiusKm;
  if (!region.polygon) return false;
  const [outer, ...holes] = region.polygon.coordinates;
  return outer !== undefined && insideRing(outer, point) && !holes.some((hole) => insideRing(hole, point));
}

/** Planar km coordinates for the engine's regional Monte Carlo (equirectangular around the Netherlands' latitude). */
export function planarKm([lon, lat]: Position): { xKm: number; yKm: number } {
  return { xKm: radians(lon) * earthRadiusKm * Math.cos(radians(52.2)), yKm: radians(lat) * earthRadiusKm };
}

/**
 * What a schema cannot say about a definition: exactly one of polygon and circle, closed rings of at least four
 * positions, valid longitudes and latitudes. `base` is the JSON pointer of the definition in the request.
 */
export function checkScenarioDefinition(definition: ScenarioDefinition, base: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const region = definition.region;
  const checkPosition = (position: Position, path: string) => {
    if (!(Math.abs(position[0]) <= 180)) errors.push({ path: `${path}/0`, message: 'longitude must lie between -180 and 180' });
    if (!(Math.abs(position[1]) <= 90)) errors.push({ path: `${path}/1`, message: 'latitude must lie between -90 and 90' });
  };
  if (region) {
    if ((region.polygon === undefined) === (region.circle === undefined)) errors.push({ path: `${base}/region`, message: 'give exactly one of polygon and circle' });
    region.polygon?.coordinates.forEach((ring, r) => {
      const path = `${base}/region/polygon/coordinates/${r}`;
      ring.forEach((position, p) => checkPosition(position, `${path}/${p}`));
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (ring.length < 4) errors.push({ path, message: 'a linear ring needs at least four positions' });
      else if (first![0] !== last![0] || first![1] !== last![1]) errors.push({ path: `${path}/${ring.length - 1}`, message: 'a linear ring must end at its first position' });
    });
    if (region.circle) checkPosition(region.circle.center, `${base}/region/circle/center`);
  }
  const anything = (definition.initialFailures?.length ?? 0) > 0 || region || definition.vendorCompromise || definition.vendorCutOff || definition.crossBorder;
  if (!anything) errors.push({ path: base, message: 'name at least one initial failure, a region, a vendor compromise or cut-off, or a cross-border outage' });
  return errors;
}

/** The result of a simulation on the registry, linked back to assets, providers and processes (the service computes it, the UI draws it). */
export type Trigger = 'explicit' | 'region' | 'vendor' | 'vendor-cut-off' | 'cross-border';

export interface SimulatedAsset {
  assetId: string;
  code: string;
  name: string;
  kind: string;
  providerId: string;
  processId: string | null;
  latitude: number | null;
  longitude: number | null;
  atHours: number;
  recoveredAtHours: number | null;
  cause: { kind: 'initial' | 'dependency' | 'source-rule' | 'giant-component-rule'; trigger?: Trigger; supplierAssetId?: string; supplierCode?: string; group?: string };
}

export interface SimulatedProcess {
  processId: string;
  code: string;
  nameNl: string;
  nameEn: string;
  minCapacity: number;
  minCapacitySource: 'process' | 'reference';
  assets: number;
  downAtHours: number | null;
  recoveredAtHours: number | null;
  /** The asset whose failure took the process below its level. */
  tippedByAssetId: string | null;
  impact: { atHours: number; assetsDown: number; capacity: number; populationAffected: number }[];
}

export interface RegistrySimulationResult {
  failed: SimulatedAsset[];
  processes: SimulatedProcess[];
  summary: {
    assets: number;
    dependencies: number;
    initialFailures: number;
    failed: number;
    processesDown: number;
    horizonHours: number;
    seed: number;
    impact: { atHours: number; assetsDown: number; populationAffected: number; eurosLost: number; processesDown: number }[];
  };
  timings: { loadMs: number; compileMs: number; simulateMs: number };
}
