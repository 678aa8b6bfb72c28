import { api, dataOf, type Schemas } from './client.ts';
import type { paths } from './schema.d.ts';

/** Simulations on the registry model the user may see, saved scenarios, jobs, crisis plans and exercises. */
export type SimulationJob = Schemas['SimulationJob'];
export type SimulationScenario = Schemas['SimulationScenario'];
export type ScenarioDefinition = Schemas['ScenarioDefinition'];
export type CrisisPlan = Schemas['CrisisPlan'];
export type Exercise = Schemas['Exercise'];
export type SimulationRequest = paths['/api/v1/simulations']['post']['requestBody']['content']['application/json'];

/** The shapes of `result` per job kind (src/services/simulations.service.ts). */
export interface ModelAsset {
  id: string;
  code: string;
  name: string;
  kind: string;
  providerId: string;
  processId: string | null;
  latitude: number | null;
  longitude: number | null;
  populationServed: number;
}
export interface SimulationModel {
  assets: ModelAsset[];
  dependencies: { dependentId: string; supplierId: string }[];
  processes: { id: string; code: string; nameNl: string; nameEn: string; minCapacity: number; assets: number }[];
}
export type { RegistrySimulationResult as SimulationResult, SimulatedAsset as FailedAsset, SimulatedProcess } from '../../../src/domain/simulation-scenario.ts';
export interface Distribution {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
export interface MonteCarloResult {
  runs: number;
  distribution: { atHours: number; populationAffected: Distribution; eurosLost: Distribution; nodesDown: Distribution }[];
  importance: { assetId: string; code: string; name: string; frequency: number }[];
}
export interface RankingResult {
  ranking: { rank: number; assetId: string; code: string; name: string; dominatedCount: number; impact: Record<string, { populationAffected: number; eurosLost: number; nodesDown: number }> }[];
}

export const getSimulationModel = async () => dataOf(await api.GET('/api/v1/simulation-model')) as SimulationModel;
export const listScenarios = async () => dataOf(await api.GET('/api/v1/simulation-scenarios')).items;
export const saveScenario = async (name: string, definition: ScenarioDefinition) => dataOf(await api.POST('/api/v1/simulation-scenarios', { body: { name, definition } }));
export const startSimulation = async (body: SimulationRequest) => dataOf(await api.POST('/api/v1/simulations', { body }));
export const startRanking = async (top: number) => dataOf(await api.POST('/api/v1/simulations/rank', { body: { top } }));
export const getJob = async (id: string) => dataOf(await api.GET('/api/v1/simulation-jobs/{id}', { params: { path: { id } } }));
export const cancelJob = async (id: string) => dataOf(await api.DELETE('/api/v1/simulation-jobs/{id}', { params: { path: { id } } }));
export const listCrisisPlans = async () => dataOf(await api.GET('/api/v1/crisis-plans')).items;
export const listExercises = async (planId: string) => dataOf(await api.GET('/api/v1/crisis-plans/{id}/exercises', { params: { path: { id: planId } } })).items;
