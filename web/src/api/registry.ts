import { api, ApiError, dataOf, type Schemas } from './client.ts';

/** Typed reads of the registry for the pages. Lists are already limited to what the user may see (need-to-know). */
export type Sector = Schemas['Sector'];
export type VitalProcess = Schemas['VitalProcess'];
export type Organisation = Schemas['Organisation'];
export type ProcessProvider = Schemas['ProcessProvider'];
export type Asset = Schemas['Asset'];
export type Dependency = Schemas['Dependency'];
export type User = Schemas['User'];
export type AuditEntry = Schemas['AuditEntry'];

export interface Page<T> {
  items: T[];
  total: number;
}

/** The largest page the API gives (maxPageSize in the registry service). */
export const pageLimit = 1000;

export type CountedList = '/api/v1/sectors' | '/api/v1/vital-processes' | '/api/v1/organisations' | '/api/v1/process-providers' | '/api/v1/assets' | '/api/v1/dependencies' | '/api/v1/users';

/** How many records of a list the user may see. */
export async function countOf(path: CountedList): Promise<number> {
  return dataOf(await api.GET(path as '/api/v1/sectors', { params: { query: { limit: 1 } } })).total;
}

export const listSectors = async (): Promise<Page<Sector>> => dataOf(await api.GET('/api/v1/sectors', { params: { query: { limit: pageLimit } } }));

export const listProcesses = async (filters: { sectorId?: string; category?: 'A' | 'B'; ministryId?: string } = {}): Promise<Page<VitalProcess>> =>
  dataOf(await api.GET('/api/v1/vital-processes', { params: { query: { limit: pageLimit, ...filters } } }));

export const getProcess = async (id: string): Promise<VitalProcess> => dataOf(await api.GET('/api/v1/vital-processes/{id}', { params: { path: { id } } }));

type OrganisationKind = Organisation['kind'];
export const listOrganisations = async (kind?: OrganisationKind): Promise<Page<Organisation>> =>
  dataOf(await api.GET('/api/v1/organisations', { params: { query: { limit: pageLimit, ...(kind ? { kind } : {}) } } }));

export const listProcessProviders = async (filters: { processId?: string; providerId?: string }): Promise<Page<ProcessProvider>> =>
  dataOf(await api.GET('/api/v1/process-providers', { params: { query: { limit: pageLimit, ...filters } } }));

export const listAssets = async (filters: { processId?: string; providerId?: string; kind?: Asset['kind'] } = {}): Promise<Page<Asset>> =>
  dataOf(await api.GET('/api/v1/assets', { params: { query: { limit: pageLimit, ...filters } } }));

/** Reads a list page by page until it is complete (or `max` records were read). */
async function readAll<T>(readPage: (offset: number) => Promise<Page<T>>, max: number): Promise<T[]> {
  const first = await readPage(0);
  const offsets: number[] = [];
  for (let offset = pageLimit; offset < Math.min(first.total, max); offset += pageLimit) offsets.push(offset);
  const rest = await Promise.all(offsets.map(readPage));
  return [first, ...rest].flatMap((page) => page.items);
}

/** Every dependency the user may see (up to `max`). */
export const listAllDependencies = (max = 20 * pageLimit): Promise<Dependency[]> =>
  readAll(async (offset) => dataOf(await api.GET('/api/v1/dependencies', { params: { query: { limit: pageLimit, offset } } })), max);

/** Every asset the user may see (up to `max`). */
export const listAllAssets = (max = 20 * pageLimit): Promise<Asset[]> =>
  readAll(async (offset) => dataOf(await api.GET('/api/v1/assets', { params: { query: { limit: pageLimit, offset } } })), max);

/** One record by id, or undefined when it does not exist or the user may not see it. */
async function findOne<T>(read: () => Promise<{ data?: T }>): Promise<T | undefined> {
  try {
    return dataOf(await read());
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return undefined;
    throw error;
  }
}

export const findSector = (id: string) => findOne(() => api.GET('/api/v1/sectors/{id}', { params: { path: { id } } }));

export const listUsers = async (): Promise<Page<User>> => dataOf(await api.GET('/api/v1/users', { params: { query: { limit: pageLimit } } }));

export const listAudit = async (limit = 100): Promise<Page<AuditEntry>> => dataOf(await api.GET('/api/v1/audit', { params: { query: { limit } } }));
