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
  /** Of the acknowledged, those answered after the signal was sent (requests the server finished while stopping). */
  acknowledgedAfterSignal: number;
  /** How the server process ended. */
  exit: Awaited<ReturnType<ServerProcess['kill']>>;
}

/**
 * Runs the lanes side by side, each its requests strictly in order (steps 0 … `steps` − 1), and sends the server
 * `signal` (SIGKILL unless told) as soon as `killAfter` requests have been acknowledged, so that it falls among
 * writes in flight. A lane ends at its first request that is refused or dies with the server.
 */
export async function writeThroughKill(
  server: ServerProcess,
  lanes: LaneRequest[],
  { steps, killAfter, signal = 'SIGKILL' }: { steps: number; killAfter: number; signal?: NodeJS.Signals },
): Promise<KillOutcome> {
  const outcome: KillOutcome = { acknowledged: [], refused: [], lost: 0, acknowledgedAfterSignal: 0, exit: { code: null, signal: null } };
  let signalled = false;
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
      if (signalled) outcome.acknowledgedAfterSignal++;
      if (outcome.acknowledged.length >= killAfter) killNow();
    }
  };
  const lanesDone = Promise.all(lanes.map(runLane));
  await Promise.race([enoughAcknowledged, lanesDone]);
  signalled = true;
  const exited = server.kill(signal);
  await lanesDone;
  outcome.exit = await exited;
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
