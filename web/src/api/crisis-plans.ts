import { api, dataOf } from './client.ts';
import { listCycles } from './cycles.ts';
import type { paths } from './schema.d.ts';

/** Writing crisis plans and exercises (issue 4 item 7); the reads of the plans page with what the caller may do. */
type Body<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type CrisisPlanBody = Body<'/api/v1/crisis-plans', 'post'>;
export type PlanContent = Omit<CrisisPlanBody, 'processId'>;
export type ExerciseBody = Body<'/api/v1/exercises', 'post'>;
export type InjectBody = Body<'/api/v1/exercises/{id}/injects', 'post'>;
export type LessonMeasureBody = Body<'/api/v1/exercises/{id}/lessons/{lessonId}/measure', 'post'>;
export type TimelineEntry =
  | { atMinutes: number; kind: 'inject'; injectId: string; message: string; targetRole: string }
  | { atMinutes: number; kind: 'asset-down'; assetId: string; code: string; name: string; cause: string }
  | { atMinutes: number; kind: 'asset-restored'; assetId: string; code: string; name: string }
  | { atMinutes: number; kind: 'process-down' | 'process-restored'; processId: string; code: string; nameNl: string; nameEn: string };

const path = (id: string) => ({ params: { path: { id } } });

/** The plans the caller may see, each with its abilities, and the processes it may write a plan for. */
export const getCrisisPlans = async () => dataOf(await api.GET('/api/v1/crisis-plans'));
export const createCrisisPlan = async (body: CrisisPlanBody) => dataOf(await api.POST('/api/v1/crisis-plans', { body }));
export const updateCrisisPlan = async (id: string, body: PlanContent) => dataOf(await api.PUT('/api/v1/crisis-plans/{id}', { ...path(id), body }));
export const createExercise = async (body: ExerciseBody) => dataOf(await api.POST('/api/v1/exercises', { body }));
export const addInject = async (id: string, body: InjectBody) => dataOf(await api.POST('/api/v1/exercises/{id}/injects', { ...path(id), body }));
export const addObservation = async (id: string, body: { text: string; injectId?: string; offsetMinutes?: number }) => dataOf(await api.POST('/api/v1/exercises/{id}/observations', { ...path(id), body }));
export const addLesson = async (id: string, body: { title: string; description: string }) => dataOf(await api.POST('/api/v1/exercises/{id}/lessons', { ...path(id), body }));
export const setExerciseState = async (id: string, state: 'running' | 'completed') => dataOf(await api.POST('/api/v1/exercises/{id}/state', { ...path(id), body: { state } }));
export const lessonToMeasure = async (id: string, lessonId: string, body: LessonMeasureBody) =>
  dataOf(await api.POST('/api/v1/exercises/{id}/lessons/{lessonId}/measure', { params: { path: { id, lessonId } }, body }));
export const getTimeline = async (id: string) => dataOf(await api.GET('/api/v1/exercises/{id}/timeline', path(id))) as { exerciseId: string; entries: TimelineEntry[] };

/** The open cycles of a vital process in which the caller may add measures, with the scopes it may add (the cycle's abilities). */
export async function cyclesTakingMeasures(processId: string) {
  const open = await listCycles({ processId, status: 'open' });
  const cycles = await Promise.all(open.items.map((cycle) => api.GET('/api/v1/cycles/{id}', path(cycle.id)).then(dataOf)));
  return cycles.filter((cycle) => cycle.abilities.addMeasureScopes.length > 0);
}
