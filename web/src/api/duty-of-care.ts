import { api, dataOf, type Schemas } from './client.ts';

/** NIS2/CER duty of care for the pages: scoping (pure and stored), catalogues, control status per entity. */
export type Classification = Schemas['Classification'];
export type OrganisationScoping = Schemas['OrganisationScoping'];
export type EntityStatus = Schemas['DutyOfCareEntityStatus'];
export type EntityControls = Schemas['DutyOfCareEntityControls'];
export type ControlState = Schemas['ControlState'];
export type ScopingRequest = { sector: string; employees: number; turnoverEur: number; balanceSheetEur: number; flags: string[] };
export type ControlStatusValue = ControlState['status'];

export const classify = async (input: ScopingRequest): Promise<Classification> =>
  dataOf(await api.POST('/api/v1/scoping/classify', { body: input as never }));

export const saveScoping = async (organisationId: string, input: ScopingRequest): Promise<OrganisationScoping> =>
  dataOf(await api.PUT('/api/v1/organisations/{id}/scoping', { params: { path: { id: organisationId } }, body: input as never }));

export const listDutyEntities = async () => dataOf(await api.GET('/api/v1/duty-of-care/entities', { params: { query: { limit: 1000 } } }));

export const entityControls = async (organisationId: string): Promise<EntityControls> =>
  dataOf(await api.GET('/api/v1/organisations/{id}/controls', { params: { path: { id: organisationId } } }));

export const setControlStatus = async (organisationId: string, catalogueId: string, controlId: string, body: { status: ControlStatusValue; owner?: string | null; reviewDate?: string | null; evidence?: { text: string }[] }) =>
  dataOf(await api.PUT('/api/v1/organisations/{id}/controls/{catalogueId}/{controlId}', { params: { path: { id: organisationId, catalogueId, controlId } }, body }));

export const approveMeasures = async (organisationId: string, approvedBy: string) =>
  dataOf(await api.POST('/api/v1/organisations/{id}/management-approval', { params: { path: { id: organisationId } }, body: { approvedBy } }));
