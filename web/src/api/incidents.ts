import { api, dataOf, type Schemas } from './client.ts';

/** Incident reporting and supervision for the pages (NIS2 art. 23, CER art. 15; NIS2 art. 32–34). */
export type Incident = Schemas['Incident'];
export type ReportObligation = Schemas['ReportObligation'];
export type SupervisedEntity = Schemas['SupervisedEntity'];
export type SupervisedEntityDetail = Schemas['SupervisedEntityDetail'];
export type IncidentBody = { title: string; description?: string; awareAt: string; regimes: ('nis2' | 'cer')[]; trustService: boolean; significance: { severeOperationalDisruption: boolean; financialLoss: boolean; damageToOthers: boolean } };

export const listIncidents = async (): Promise<Incident[]> => dataOf(await api.GET('/api/v1/incidents', { params: { query: { limit: 1000 } } })).items;

export const getIncident = async (id: string): Promise<Incident> => dataOf(await api.GET('/api/v1/incidents/{id}', { params: { path: { id } } }));

export const reportIncident = async (body: IncidentBody): Promise<Incident> => dataOf(await api.POST('/api/v1/incidents', { body }));

export const submitReport = async (id: string, body: { regime: 'nis2' | 'cer'; step: ReportObligation['step']; submittedAt?: string; content: Record<string, unknown> }): Promise<Incident> =>
  dataOf(await api.POST('/api/v1/incidents/{id}/reports', { params: { path: { id } }, body }));

export const resolveIncident = async (id: string): Promise<Incident> => dataOf(await api.PATCH('/api/v1/incidents/{id}', { params: { path: { id } }, body: { status: 'resolved' } }));

export const listOpenObligations = async () => dataOf(await api.GET('/api/v1/incidents/obligations', { params: { query: { state: 'due' } } }));

export const listSupervisedEntities = async (): Promise<SupervisedEntity[]> => dataOf(await api.GET('/api/v1/supervision/entities')).items;

export const getSupervisedEntity = async (id: string): Promise<SupervisedEntityDetail> => dataOf(await api.GET('/api/v1/supervision/entities/{id}', { params: { path: { id } } }));

export const planInspection = async (id: string, body: { kind: 'ex-ante' | 'ex-post'; status: 'planned' | 'done'; date: string; scope: string }) =>
  dataOf(await api.POST('/api/v1/supervision/entities/{id}/inspections', { params: { path: { id } }, body }));
