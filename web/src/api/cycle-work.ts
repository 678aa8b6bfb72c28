import { api, dataOf } from './client.ts';
import type { paths } from './schema.d.ts';

/** The writes of the cycle workspace: indicator scores, risk scenarios and their scores, measures (issue 3, steps 2–4). */
type JsonBody<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type IndicatorScoreInput = JsonBody<paths['/api/v1/cycles/{id}/indicator-scores']['post']>;
export type ScenarioInput = JsonBody<paths['/api/v1/cycles/{id}/scenarios']['post']>;
export type ScenarioScoreInput = JsonBody<paths['/api/v1/cycles/{id}/scenarios/{scenarioId}/score']['post']>;
export type MeasureInput = JsonBody<paths['/api/v1/cycles/{id}/measures']['post']>;
export type MeasurePatch = JsonBody<paths['/api/v1/cycles/{id}/measures/{measureId}']['patch']>;

export const saveIndicatorScore = async (id: string, body: IndicatorScoreInput) => dataOf(await api.POST('/api/v1/cycles/{id}/indicator-scores', { params: { path: { id } }, body }));

export const createScenario = async (id: string, body: ScenarioInput) => dataOf(await api.POST('/api/v1/cycles/{id}/scenarios', { params: { path: { id } }, body }));

export const scoreScenario = async (id: string, scenarioId: string, body: ScenarioScoreInput) =>
  dataOf(await api.POST('/api/v1/cycles/{id}/scenarios/{scenarioId}/score', { params: { path: { id, scenarioId } }, body }));

export const createMeasure = async (id: string, body: MeasureInput) => dataOf(await api.POST('/api/v1/cycles/{id}/measures', { params: { path: { id } }, body }));

export const updateMeasure = async (id: string, measureId: string, body: MeasurePatch) =>
  dataOf(await api.PATCH('/api/v1/cycles/{id}/measures/{measureId}', { params: { path: { id, measureId } }, body }));
