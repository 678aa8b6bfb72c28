import { api, dataOf, type Schemas } from './client.ts';

/** The cyclus vitaal for the pages: cycles, their four steps and the coordinator's overview (issue 3). */
export type Cycle = Schemas['Cycle'];
export type RiskScenario = Schemas['RiskScenario'];
export type Measure = Schemas['Measure'];
export type VitalityAssessment = Schemas['VitalityAssessment'];
export type ThresholdVersion = Schemas['VitalityThresholdVersion'];

export const listCycles = async (query: { status?: 'overdue' | 'due-soon' | 'open' | 'completed'; processId?: string } = {}) =>
  dataOf(await api.GET('/api/v1/cycles', { params: { query: { limit: 200, ...query } } }));

export const getCycleOverview = async () => dataOf(await api.GET('/api/v1/cycles/overview'));

/** Everything the workspace shows of one cycle, each part as the user may see it. */
export async function getCycleWorkspace(id: string) {
  const path = { params: { path: { id } } };
  const cycleRead = api.GET('/api/v1/cycles/{id}', path).then(dataOf);
  const [cycle, providers, scores, threats, scenarios, measures, effectiveness, inputs, assessments, thresholds] = await Promise.all([
    cycleRead,
    api.GET('/api/v1/cycles/{id}/providers', path).then(dataOf),
    api.GET('/api/v1/cycles/{id}/indicator-scores', path).then(dataOf),
    api.GET('/api/v1/cycles/{id}/threats', path).then(dataOf),
    api.GET('/api/v1/cycles/{id}/scenarios', path).then(dataOf),
    api.GET('/api/v1/cycles/{id}/measures', { params: { path: { id }, query: {} } }).then(dataOf),
    api.GET('/api/v1/cycles/{id}/effectiveness', path).then(dataOf),
    // Providers get an empty list: the strategic inputs are not shown to them.
    api.GET('/api/v1/cycles/{id}/inputs', path).then(dataOf),
    cycleRead.then(async ({ processId }) => dataOf(await api.GET('/api/v1/vitality-assessments', { params: { query: { processId } } }))),
    api.GET('/api/v1/vitality-thresholds').then(dataOf),
  ]);
  return { cycle, providers: providers.items, scores, threats, scenarios, measures, effectiveness, inputs: inputs.items, assessments: assessments.items, thresholds: thresholds.items };
}

export type CycleWorkspace = Awaited<ReturnType<typeof getCycleWorkspace>>;

export const moveCycleStep = async (id: string, step: Cycle['steps'][number]['step'], state: 'in-progress' | 'completed') =>
  dataOf(await api.POST('/api/v1/cycles/{id}/steps', { params: { path: { id } }, body: { step, state } }));
