import type { ServerProcess } from './server-process.ts';

/** One request of a lane: its step number, and the body the lane's previous request was answered with. */
export type LaneRequest = (step: number, previous: unknown) => Promise<Response>;

export interface KillOutcome {
  /** Every request the server answered with 2xx before it died, with that answer. */
  acknowledged: { lane: number; step: number; body: unknown }[];
  /** Requests answered with an error status: a fault test expects none, so that every gap is the kill's. */
  refused: { lane: number; step: number; status: number; body: string }[];
  /** Requests that died with the server's connection, unanswered. */
  lost: number;
}

/**
 * Runs the lanes side by side, each its requests strictly in order (steps 0 … `steps` − 1), and kills the server
 * with SIGKILL as soon as `killAfter` requests have been acknowledged, so that the kill falls among writes in flight.
 * A lane ends at its first request that is refused or dies with the server.
 */
export async function writeThroughKill(server: ServerProcess, lanes: LaneRequest[], { steps, killAfter }: { steps: number; killAfter: number }): Promise<KillOutcome> {
  const outcome: KillOutcome = { acknowledged: [], refused: [], lost: 0 };
  let killNow = () => {};
  const enoughAcknowledged = new Promise<void>((resolve) => (killNow = resolve));
  const runLane = async (send: LaneRequest, lane: number) => {
    let previous: unknown;
    for (let step = 0; step < steps; step++) {
      let status: number;
      let text: string;
      try {
        const response = await send(step, previous);
        status = response.status;
        text = await response.text();
      } catch {
        outcome.lost++;
        return;
      }
      if (status >= 300) {
        outcome.refused.push({ lane, step, status, body: text });
        return;
      }
      previous = JSON.parse(text) as unknown;
      outcome.acknowledged.push({ lane, step, body: previous });
      if (outcome.acknowledged.length >= killAfter) killNow();
    }
  };
  const lanesDone = Promise.all(lanes.map(runLane));
  await Promise.race([enoughAcknowledged, lanesDone]);
  await server.kill('SIGKILL');
  await lanesDone;
  return outcome;
}

/** A JSON request to a running server with a bearer token. */
export function requestJson(server: ServerProcess, token: string, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The JSON answer of a request that must succeed. */
export async function readJson<T>(server: ServerProcess, token: string, url: string): Promise<T> {
  const response = await requestJson(server, token, 'GET', url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
