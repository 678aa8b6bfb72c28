import { api, dataOf, type Schemas } from './client.ts';

/** Imported STIX 2.1 threat intelligence, limited by the API to what the user may read under its TLP labels. */
export type ImportedStixObject = Schemas['StixImportedObject'];

export const listImportedStix = async (): Promise<{ items: ImportedStixObject[]; total: number }> => dataOf(await api.GET('/api/v1/stix/objects', { params: { query: { limit: 1000 } } }));
