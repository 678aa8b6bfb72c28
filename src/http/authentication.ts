import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import type { Actor, UserActor } from '../services/actor.ts';
import type { Services } from '../services/index.ts';

export const sessionCookie = 'vitaal_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: UserActor | undefined;
    /** How the actor was recognised: a browser session needs a CSRF token on writes, a bearer token does not. */
    authenticatedBy: 'session' | 'token' | undefined;
  }
  interface FastifyContextConfig {
    /** The route answers without a signed-in user (health, login, documentation). */
    public?: boolean;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Recognises the user of each request (bearer token or session cookie), refuses anonymous calls to non-public routes and checks CSRF on cookie writes. */
export function registerAuthentication(app: FastifyInstance, services: Services) {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('authenticatedBy', undefined);
  app.addHook('preHandler', async (request, reply) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const sessionToken = request.cookies[sessionCookie];
    if (bearer) {
      request.actor = await services.auth.findTokenActor(bearer);
      if (!request.actor) throw new DomainError('token-invalid', 'The bearer token is unknown, expired or revoked.');
      request.authenticatedBy = 'token';
    } else if (sessionToken) {
      request.actor = await services.auth.findSessionActor(sessionToken);
      request.authenticatedBy = request.actor ? 'session' : undefined;
    }
    if (request.routeOptions.config.public) return;
    if (!request.actor) throw new DomainError('authentication-required', 'Sign in, or send an API token as "Authorization: Bearer <token>".');
    if (request.authenticatedBy === 'session' && unsafeMethods.has(request.method)) await checkCsrf(app, request, reply);
  });
}

function checkCsrf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())));
}

/** The signed-in user of a route that is not public. */
export const actorOf = (request: FastifyRequest): Actor => request.actor as UserActor;
