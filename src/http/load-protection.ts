import underPressure from '@fastify/under-pressure';
import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoadConfig } from '../config.ts';
import { sendProblem } from './problem.ts';

/**
 * Probes of orchestrators and load balancers: never shed nor counted, so that an overloaded server is not restarted
 * for being busy (liveness) and the readiness answer stays the server's own.
 */
const probes = new Set(['/api/v1/health/live', '/api/v1/health/ready']);
export const isProbe = (request: FastifyRequest) => probes.has(request.url);

/**
 * Keeps the API answering beyond its capacity (issue 8): a request over the in-flight cap, or (when configured) while
 * the event loop lags, is refused at once with 503 and Retry-After, before any body is read or any work done, so nothing of it is
 * half-written and every acknowledged write stays acknowledged. Then a limit per address over all requests from it,
 * beside the per-credential limit of `@fastify/rate-limit` registered before (which must be, for `createRateLimit`).
 */
export async function registerLoadProtection(app: FastifyInstance, limits: LoadConfig) {
  // under-pressure only samples here (no thresholds of its own): the decision is below, with the in-flight count,
  // so that every refusal has the one problem+json shape.
  await app.register(underPressure, { sampleInterval: 1000 });
  let inFlight = 0;
  const shed = (reply: FastifyReply, detail: string) => sendProblem(reply.header('retry-after', String(limits.retryAfterSeconds)), 'overloaded', detail);

  app.addHook('onRequest', async (request, reply) => {
    if (isProbe(request)) return;
    if (inFlight >= limits.maxInFlight) return shed(reply, `The server is handling ${inFlight} requests at once, its limit; try again shortly.`);
    const { eventLoopDelay } = app.memoryUsage();
    if (limits.maxEventLoopDelayMs > 0 && eventLoopDelay > limits.maxEventLoopDelayMs) return shed(reply, `The server lags ${Math.round(eventLoopDelay)} ms behind; try again shortly.`);
    inFlight++;
    reply.raw.once('close', () => inFlight--);
  });

  const perAddress = app.createRateLimit({ max: limits.rateLimitPerAddress, timeWindow: limits.rateLimitWindowMs, keyGenerator: (request) => `every:${request.ip}` });
  app.addHook('onRequest', async (request, reply) => {
    if (isProbe(request)) return;
    const limit = await perAddress(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    return sendProblem(reply.header('retry-after', String(limit.ttlInSeconds)), 'rate-limited', `More than ${limit.max} requests from your address within ${Math.round(limit.timeWindow / 1000)} s; retry after ${limit.ttlInSeconds} s.`);
  });
}
