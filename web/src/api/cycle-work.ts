import { api, dataOf } from './client.ts';
import type { paths } from './schema.d.ts';

/** The writes of the cycle workspace: vitality assessment and designation (step 1), threats, inputs, indicator and scenario scores (step 2), measures (steps 3–4) (issue 3). */
type JsonBody<Operation> = Operation extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

export type IndicatorScoreInput = JsonBody<paths['/api/v1/cycles/{id}/indicator-scores']['post']>;
export type ScenarioInput = JsonBody<paths['/api/v1/cycles/{id}/scenarios']['post']>;
export type ScenarioScoreInput = JsonBody<paths['/api/v1/cycles/{id}/scenarios/{scenarioId}/score']['post']>;
export type MeasureInput = JsonBody<paths['/api/v1/cycles/{id}/measures']['post']>;
export type MeasurePatch = JsonBody<paths['/api/v1/cycles/{id}/measures/{measureId}']['patch']>;
export type ScenarioPatch = JsonBody<paths['/api/v1/cycles/{id}/scenarios/{scenarioId}']['patch']>;
export type AssessmentInput = JsonBody<paths['/api/v1/vitality-assessments']['post']>;
export type DecisionInput = JsonBody<paths['/api/v1/vitality-assessments/{id}/decision']['post']>;
export type DesignationInput = JsonBody<paths['/api/v1/cycles/{id}/providers']['post']>;
export type NotificationInput = JsonBody<paths['/api/v1/cycles/{id}/notifications']['post']>;
export type ThreatLinkInput = JsonBody<paths['/api/v1/cycles/{id}/threats']['post']>;
export type CycleInputInput = JsonBody<paths['/api/v1/cycles/{id}/inputs']['post']>;

const cyclePath = (id: string) => ({ params: { path: { id } } });

export const assessVitality = async (body: AssessmentInput) => dataOf(await api.POST('/api/v1/vitality-assessments', { body }));

export const decideVitality = async (id: string, body: DecisionInput) => dataOf(await api.POST('/api/v1/vitality-assessments/{id}/decision', { ...cyclePath(id), body }));

export const setDesignation = async (id: string, body: DesignationInput) => dataOf(await api.POST('/api/v1/cycles/{id}/providers', { ...cyclePath(id), body }));

export const notifyProvider = async (id: string, body: NotificationInput) => dataOf(await api.POST('/api/v1/cycles/{id}/notifications', { ...cyclePath(id), body }));

export const acknowledgeNotification = async (id: string, notificationId: string) =>
  dataOf(await api.POST('/api/v1/cycles/{id}/notifications/{notificationId}/acknowledgement', { params: { path: { id, notificationId } } }));

export const shareScores = async (id: string, scoresSharedWithProviders: boolean) => dataOf(await api.PATCH('/api/v1/cycles/{id}/sharing', { ...cyclePath(id), body: { scoresSharedWithProviders } }));

export const linkThreat = async (id: string, body: ThreatLinkInput) => dataOf(await api.POST('/api/v1/cycles/{id}/threats', { ...cyclePath(id), body }));

export const linkInput = async (id: string, body: CycleInputInput) => dataOf(await api.POST('/api/v1/cycles/{id}/inputs', { ...cyclePath(id), body }));

export const updateScenario = async (id: string, scenarioId: string, body: ScenarioPatch) =>
  dataOf(await api.PATCH('/api/v1/cycles/{id}/scenarios/{scenarioId}', { params: { path: { id, scenarioId } }, body }));

export const saveIndicatorScore = async (id: string, body: IndicatorScoreInput) => dataOf(await api.POST('/api/v1/cycles/{id}/indicator-scores', { params: { path: { id } }, body }));

export const createScenario = async (id: string, body: ScenarioInput) => dataOf(await api.POST('/api/v1/cycles/{id}/scenarios', { params: { path: { id } }, body }));

export const scoreScenario = async (id: string, scenarioId: string, body: ScenarioScoreInput) =>
  dataOf(await api.POST('/api/v1/cycles/{id}/scenarios/{scenarioId}/score', { params: { path: { id, scenarioId } }, body }));

export const createMeasure = async (id: string, body: MeasureInput) => dataOf(await api.POST('/api/v1/cycles/{id}/measures', { params: { path: { id } }, body }));

export const updateMeasure = async (id: string, measureId: string, body: MeasurePatch) =>
  dataOf(await api.PATCH('/api/v1/cycles/{id}/measures/{measureId}', { params: { path: { id, measureId } }, body }));
