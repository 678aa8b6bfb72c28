import { api, dataOf, type Schemas } from './client.ts';
import type { paths } from './schema.d.ts';

/** Procurement risk assessments and the investment-screening register for their pages (issue 5 items 6 and 7). */
export type ProcurementAssessment = Schemas['ProcurementAssessment'];
export type ProcurementCriteria = Schemas['ProcurementCriteria'];
export type OwnershipChange = Schemas['OwnershipChange'];

type Body<Path extends keyof paths, Method extends 'post' | 'put' | 'patch'> = paths[Path][Method] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
export type ProcurementCreate = Body<'/api/v1/procurement-assessments', 'post'>;
export type ProcurementAnalysis = Body<'/api/v1/procurement-assessments/{id}/analysis', 'put'>;
export type ProcurementDecision = Body<'/api/v1/procurement-assessments/{id}/decision', 'post'>;
export type OwnershipChangeCreate = Body<'/api/v1/ownership-changes', 'post'>;
export type OwnershipChangePatch = Body<'/api/v1/ownership-changes/{id}', 'patch'>;

/** The stored analysis as the API gives it (`analysis` is free JSON in the schema; src/domain/procurement.ts AnalysisResult). */
export interface StoredAnalysis extends ProcurementAnalysis {
  result: {
    risks: (ProcurementAnalysis['risks'][number] & { score: number; high: boolean })[];
    criteria: { key: string; nameNl: string; nameEn: string; weight: number; score: number; weightShare: number; contribution: number }[];
    weightedScore: number;
    nationalSecurity: { weight: number; weightShare: number; score: number };
    unmitigatedHighRisks: number;
  };
}

const byId = (id: string) => ({ params: { path: { id } } });

export const getProcurementCriteria = async (): Promise<ProcurementCriteria> => dataOf(await api.GET('/api/v1/procurement-assessments/criteria'));

export const listProcurementAssessments = async () => dataOf(await api.GET('/api/v1/procurement-assessments', { params: { query: { limit: 200 } } }));

export const getProcurementAssessment = async (id: string): Promise<ProcurementAssessment> => dataOf(await api.GET('/api/v1/procurement-assessments/{id}', byId(id)));

export const createProcurementAssessment = async (body: ProcurementCreate): Promise<ProcurementAssessment> => dataOf(await api.POST('/api/v1/procurement-assessments', { body }));

export const putProcurementAnalysis = async (id: string, body: ProcurementAnalysis): Promise<ProcurementAssessment> =>
  dataOf(await api.PUT('/api/v1/procurement-assessments/{id}/analysis', { ...byId(id), body }));

export const decideProcurement = async (id: string, body: ProcurementDecision): Promise<ProcurementAssessment> =>
  dataOf(await api.POST('/api/v1/procurement-assessments/{id}/decision', { ...byId(id), body }));

export const linkProcurementToCycle = async (id: string, cycleId: string) => dataOf(await api.POST('/api/v1/procurement-assessments/{id}/cycle-links', { ...byId(id), body: { cycleId } }));

export const listOwnershipChanges = async () => dataOf(await api.GET('/api/v1/ownership-changes', { params: { query: { limit: 200 } } }));

export const createOwnershipChange = async (body: OwnershipChangeCreate): Promise<OwnershipChange> => dataOf(await api.POST('/api/v1/ownership-changes', { body }));

export const updateOwnershipChange = async (id: string, body: OwnershipChangePatch): Promise<OwnershipChange> => dataOf(await api.PATCH('/api/v1/ownership-changes/{id}', { ...byId(id), body }));
