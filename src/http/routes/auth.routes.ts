import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as oidcClient from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import { DomainError } from '../../domain/errors.ts';
import type { UserActor } from '../../services/actor.ts';
import type { Services } from '../../services/index.ts';
import { actorOf, sessionCookie } from '../authentication.ts';
import { problemResponses } from '../schemas.ts';

interface AuthRouteOptions {
  services: Services;
  secureCookies: boolean;
  sessionHours: number;
  oidc?: OidcConfig;
}

const sessionSchema = Type.Object(
  {
    user: Type.Object({
      id: Type.String({ format: 'uuid' }),
      email: Type.String(),
      name: Type.String(),
      roles: Type.Array(Type.String()),
      organisationId: Type.String({ format: 'uuid' }),
      organisationName: Type.String(),
      organisationKind: Type.String(),
    }),
    csrfToken: Type.String({ description: 'Send as X-CSRF-Token with every write made with the session cookie.' }),
    oidcEnabled: Type.Boolean(),
  },
  { $id: 'Session' },
);

const oidcStateCookie = 'vitaal_oidc';

/** Password and OIDC sign-in, the current session, sign-out and personal API tokens. */
export function registerAuthRoutes(app: FastifyInstance, options: AuthRouteOptions) {
  const { services } = options;
  const tags = ['authentication'];
  app.addSchema(sessionSchema);
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: options.secureCookies, path: '/' };

  async function sessionBody(reply: FastifyReply, actor: UserActor) {
    return { user: await services.auth.describe(actor), csrfToken: reply.generateCsrf(), oidcEnabled: Boolean(options.oidc) };
  }

  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Sign in with e-mail and password; sets the session cookie', security: [], body: Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 200 }) }, { additionalProperties: false }), response: { 200: Type.Ref('Session'), ...problemResponses } },
    },
    async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
      const session = await services.auth.loginWithPassword(email, password);
      reply.setCookie(sessionCookie, session.token, { ...cookieOptions, expires: session.expiresAt });
      return sessionBody(reply, session.actor);
    },
  );

  app.get(
    '/auth/methods',
    { config: { public: true }, schema: { tags, summary: 'How users can sign in here (for the login page)', security: [], response: { 200: Type.Object({ password: Type.Boolean(), oidc: Type.Boolean() }) } } },
    async () => ({ password: true, oidc: Boolean(options.oidc) }),
  );

  app.get('/auth/session', { schema: { tags, summary: 'The signed-in user and a CSRF token', response: { 200: Type.Ref('Session'), ...problemResponses } } }, async (request, reply) =>
    sessionBody(reply, actorOf(request) as UserActor),
  );

  app.post('/auth/logout', { schema: { tags, summary: 'End the session', response: { 204: Type.Null(), ...problemResponses } } }, async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) await services.auth.logout(actorOf(request), token);
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.code(204).send();
  });

  app.post(
    '/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Make an API token for the signed-in user; the secret is shown once',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), expiresDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String(), expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { name, expiresDays } = request.body as { name: string; expiresDays?: number };
      const actor = actorOf(request) as UserActor;
      return reply.code(201).send(await services.auth.createToken(actor, actor.email, name, expiresDays));
    },
  );

  const { oidc } = options;
  if (!oidc) return;
  let discovered: Promise<oidcClient.Configuration> | undefined;
  const configuration = () => {
    const issuer = new URL(oidc.issuerUrl);
    // Plain HTTP only for an identity provider on this machine (development and tests).
    const insecure = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
    discovered ??= oidcClient.discovery(issuer, oidc.clientId, oidc.clientSecret, undefined, insecure ? { execute: [oidcClient.allowInsecureRequests] } : undefined).catch((error: unknown) => {
      discovered = undefined;
      throw new DomainError('oidc-unavailable', `The identity provider cannot be reached: ${(error as Error).message}`);
    });
    return discovered;
  };

  app.get('/auth/oidc/login', { config: { public: true }, schema: { tags, summary: 'Start sign-in at the identity provider', security: [] } }, async (_request, reply) => {
    const config = await configuration();
    const codeVerifier = oidcClient.randomPKCECodeVerifier();
    const state = oidcClient.randomState();
    const url = oidcClient.buildAuthorizationUrl(config, {
      redirect_uri: oidc.redirectUrl,
      scope: 'openid email profile',
      code_challenge: await oidcClient.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
    });
    reply.setCookie(oidcStateCookie, JSON.stringify({ codeVerifier, state }), { ...cookieOptions, signed: true, maxAge: 600 });
    return reply.redirect(url.href);
  });

  app.get('/auth/oidc/callback', { config: { public: true }, schema: { tags, summary: 'Return from the identity provider', security: [] } }, async (request, reply) => {
    const stored = request.unsignCookie(request.cookies[oidcStateCookie] ?? '');
    if (!stored.valid || !stored.value) throw new DomainError('oidc-state-missing', 'The sign-in expired or was started elsewhere; start again.');
    const { codeVerifier, state } = JSON.parse(stored.value) as { codeVerifier: string; state: string };
    const currentUrl = new URL(request.url, oidc.redirectUrl);
    const config = await configuration();
    const failed = (error: unknown) => {
      throw new DomainError('oidc-failed', `Sign-in at the identity provider failed: ${(error as Error).message}`);
    };
    const tokens = await oidcClient.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: codeVerifier, expectedState: state }).catch(failed);
    const claims = tokens.claims();
    if (!claims) throw new DomainError('oidc-failed', 'The identity provider returned no ID token.');
    let emailClaims: Record<string, unknown> = claims;
    // In the code flow a conforming provider may give the claims of the `email` scope only at its UserInfo endpoint (OIDC Core §5.4).
    if (claims[oidc.emailClaim] === undefined && tokens.access_token) emailClaims = await oidcClient.fetchUserInfo(config, tokens.access_token, claims.sub).catch(failed);
    const email = emailClaims[oidc.emailClaim];
    // An address the provider says it has not verified could be anyone's: it may not bind an account.
    const trustedEmail = typeof email === 'string' && emailClaims.email_verified !== false ? email : undefined;
    const session = await services.auth.loginWithOidc(claims.sub, trustedEmail);
    reply.clearCookie(oidcStateCookie, { path: '/' });
    reply.setCookie(sessionCookie, session.token, { ...cookieOptions, expires: session.expiresAt });
    return reply.redirect('/');
  });
}
