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

export const submitReport = async (id: string, body: { regime: 'nis2' | 'cer'; step: ReportObligation['step']; obligationId?: string; submittedAt?: string; content: Record<string, unknown> }): Promise<Incident> =>
  dataOf(await api.POST('/api/v1/incidents/{id}/reports', { params: { path: { id } }, body }));

export const resolveIncident = async (id: string): Promise<Incident> => dataOf(await api.PATCH('/api/v1/incidents/{id}', { params: { path: { id } }, body: { status: 'resolved' } }));

export const listOpenObligations = async () => dataOf(await api.GET('/api/v1/incidents/obligations', { params: { query: { state: 'due' } } }));

export const listSupervisedEntities = async () => dataOf(await api.GET('/api/v1/supervision/entities', { params: { query: { limit: 1000 } } }));

export const getSupervisedEntity = async (id: string): Promise<SupervisedEntityDetail> => dataOf(await api.GET('/api/v1/supervision/entities/{id}', { params: { path: { id } } }));

export const planInspection = async (id: string, body: { kind: 'ex-ante' | 'ex-post'; status: 'planned' | 'done'; date: string; scope: string }) =>
  dataOf(await api.POST('/api/v1/supervision/entities/{id}/inspections', { params: { path: { id } }, body }));

export type SignificanceFacts = IncidentBody['significance'];

/** NIS2 art. 23(3): the entity reassesses the significance; the obligations are derived again. */
export const updateSignificance = async (id: string, significance: SignificanceFacts): Promise<Incident> =>
  dataOf(await api.PATCH('/api/v1/incidents/{id}', { params: { path: { id } }, body: { significance } }));

/** NIS2 art. 23(4)(c): the CSIRT or the supervisor asks for an intermediate report by `dueAt`. */
export const requestIntermediateReport = async (id: string, body: { dueAt: string; note?: string }): Promise<Incident> =>
  dataOf(await api.POST('/api/v1/incidents/{id}/intermediate-requests', { params: { path: { id } }, body }));

export const listIncidentsOf = async (organisationId: string): Promise<Incident[]> => dataOf(await api.GET('/api/v1/incidents', { params: { query: { limit: 1000, organisationId } } })).items;

export type Finding = SupervisedEntityDetail['findingList'][number];
export type EnforcementAction = SupervisedEntityDetail['enforcementList'][number];
export type FindingBody = { title: string; description?: string; status?: Finding['status']; dueDate?: string | null; inspectionId?: string | null };
export type EnforcementBody = { kind: EnforcementAction['kind']; status: EnforcementAction['status']; decidedOn: string; amountEur?: number | null; description?: string; findingId?: string | null };

export const createFinding = async (organisationId: string, body: FindingBody) => dataOf(await api.POST('/api/v1/supervision/entities/{id}/findings', { params: { path: { id: organisationId } }, body }));

export const updateFinding = async (id: string, body: Partial<Omit<FindingBody, 'inspectionId'>>) => dataOf(await api.PATCH('/api/v1/supervision/findings/{id}', { params: { path: { id } }, body }));

export const createEnforcement = async (organisationId: string, body: EnforcementBody) =>
  dataOf(await api.POST('/api/v1/supervision/entities/{id}/enforcement-actions', { params: { path: { id: organisationId } }, body }));

export const updateEnforcement = async (id: string, body: Partial<Pick<EnforcementBody, 'status' | 'decidedOn' | 'amountEur' | 'description'>>) =>
  dataOf(await api.PATCH('/api/v1/supervision/enforcement-actions/{id}', { params: { path: { id } }, body }));
