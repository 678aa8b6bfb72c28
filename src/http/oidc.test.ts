import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type JWK } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { buildUser } from '../../test/factories.ts';
import type { OidcConfig } from '../config.ts';

/**
 * OIDC sign-in against a real OpenID Connect provider (panva's oidc-provider) on 127.0.0.1, driven like a browser:
 * plain fetch with manual redirects, a cookie jar, and the provider's development login and consent forms.
 */

const clientId = 'vitaal-test';
const clientSecret = randomBytes(24).toString('hex');
const callbackPath = '/api/v1/auth/oidc/callback';

/** The provider's accounts by subject; a test may change a claim between sign-ins. */
const accounts = new Map<string, { email: string; emailVerified?: boolean }>();

let t: TestApp;
let vitaalUrl: string;
let providerServer: http.Server;

beforeAll(async () => {
  // The provider's address is needed for Vitaal's configuration, and Vitaal's for the provider's client:
  // listen first, then attach the provider to the already-listening server.
  let handle: http.RequestListener = (_request, response) => response.writeHead(503).end();
  providerServer = http.createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  const issuerUrl = `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`;

  // Vitaal learns its own port only when it listens; the routes read the redirect URL per request.
  const oidc: OidcConfig = { issuerUrl, clientId, clientSecret, redirectUrl: 'http://127.0.0.1/unset', emailClaim: 'email' };
  t = await createTestApp({ oidc });
  vitaalUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  oidc.redirectUrl = new URL(callbackPath, vitaalUrl).href;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuerUrl, {
    // openid-client sends a client secret given as a string in the token request body (client_secret_post).
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [oidc.redirectUrl], token_endpoint_auth_method: 'client_secret_post' }],
    jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' } as JWK] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    ttl: { AccessToken: 300, AuthorizationCode: 60, Grant: 300, IdToken: 300, Interaction: 300, Session: 300 },
    features: { devInteractions: { enabled: true } },
    findAccount: (_context, sub) => {
      const account = accounts.get(sub);
      return account && { accountId: sub, claims: () => ({ sub, email: account.email, email_verified: account.emailVerified ?? true }) };
    },
  });
  handle = provider.callback();
}, 60_000);

afterAll(async () => {
  await t?.close();
  providerServer?.closeAllConnections();
  await new Promise((resolve) => providerServer?.close(resolve));
});

/** A browser's cookies, per origin (path and expiry other than deletion are ignored). */
class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.cookies.get(url.origin) ?? [])].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(url: URL, response: Response) {
    const cookies = this.cookies.get(url.origin) ?? new Map<string, string>();
    this.cookies.set(url.origin, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || (/^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1] ?? '') < Date.now()));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).origin)?.get(name);
  }

  set(url: string, name: string, value: string | undefined) {
    const cookies = this.cookies.get(new URL(url).origin) ?? new Map<string, string>();
    this.cookies.set(new URL(url).origin, cookies);
    if (value === undefined) cookies.delete(name);
    else cookies.set(name, value);
  }
}

async function request(jar: CookieJar, url: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const target = new URL(url);
  const headers: Record<string, string> = { cookie: jar.header(target) };
  if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(target, { method: init.method ?? 'GET', headers, body: init.form && new URLSearchParams(init.form), redirect: 'manual' });
  jar.store(target, response);
  return response;
}

/** The fields of the one form on a development interaction page (its hidden inputs, plus the login when asked for). */
function fillForm(html: string, pageUrl: string, login: string) {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`No form on ${pageUrl}: ${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const [, name = '', value = ''] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[name] = value;
  if (/name="login"/.test(html)) Object.assign(fields, { login, password: 'any password' });
  return { url: new URL(action.replaceAll('&amp;', '&'), pageUrl).href, fields };
}

/**
 * Starts sign-in at Vitaal and goes through the provider's login and consent as `login` (a provider subject),
 * stopping at the redirect back to Vitaal's callback, whose URL it returns (not yet requested).
 */
async function signInAtProvider(jar: CookieJar, login: string): Promise<string> {
  let response = await request(jar, `${vitaalUrl}/api/v1/auth/oidc/login`);
  expect(response.status).toBe(302);
  expect(jar.get(vitaalUrl, 'vitaal_oidc')).toBeDefined();
  let url = new URL(response.headers.get('location') ?? '', vitaalUrl).href;
  const authorization = new URL(url);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('state')).toBeTruthy();
  for (let step = 0; step < 20; step += 1) {
    if (url.startsWith(new URL(callbackPath, vitaalUrl).href)) return url;
    response = await request(jar, url);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') ?? '', url).href;
      continue;
    }
    const html = await response.text();
    expect(response.status, html).toBe(200);
    const form = fillForm(html, url, login);
    response = await request(jar, form.url, { method: 'POST', form: form.fields });
    expect(response.status, await response.clone().text()).toBeGreaterThanOrEqual(300);
    url = new URL(response.headers.get('location') ?? '', form.url).href;
  }
  throw new Error('The provider did not redirect back to Vitaal');
}

/** The full sign-in of a fresh browser: returns the callback's response and the jar. */
async function signIn(login: string) {
  const jar = new CookieJar();
  const callbackUrl = await signInAtProvider(jar, login);
  const response = await request(jar, callbackUrl);
  return { jar, response };
}

const subject = () => `sub-${randomBytes(6).toString('hex')}`;

describe('OIDC sign-in with a real OpenID provider', () => {
  it('signs in a user matched by e-mail, binds the subject, and later matches by subject', async () => {
    const user = await buildUser(t.services, 'coordinator');
    const sub = subject();
    accounts.set(sub, { email: user.email.toUpperCase() });

    const { jar, response } = await signIn(sub);
    expect(response.status, await response.clone().text()).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    expect(jar.get(vitaalUrl, 'vitaal_session')).toBeDefined();
    expect(jar.get(vitaalUrl, 'vitaal_oidc')).toBeUndefined();

    const session = await request(jar, `${vitaalUrl}/api/v1/auth/session`);
    expect(session.status).toBe(200);
    const body = (await session.json()) as { user: { id: string; email: string; roles: string[] }; oidcEnabled: boolean };
    expect(body).toMatchObject({ user: { id: user.id, email: user.email, roles: ['coordinator'] }, oidcEnabled: true });

    const bound = await t.db.selectFrom('appUser').select('oidcSubject').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(bound.oidcSubject).toBe(sub);

    // The provider now reports another address: the bound subject still finds the same user.
    accounts.set(sub, { email: 'renamed@elsewhere.example' });
    const second = await signIn(sub);
    expect(second.response.status, await second.response.clone().text()).toBe(302);
    const secondSession = await request(second.jar, `${vitaalUrl}/api/v1/auth/session`);
    expect(secondSession.status).toBe(200);
    expect(await secondSession.json()).toMatchObject({ user: { id: user.id, email: user.email } });
  });

  it('refuses an account whose e-mail matches no Vitaal user, without a session', async () => {
    const sub = subject();
    accounts.set(sub, { email: `nobody-${sub}@elsewhere.example` });
    const { jar, response } = await signIn(sub);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'oidc-user-unknown', status: 401 });
    expect(response.headers.getSetCookie().some((cookie) => cookie.startsWith('vitaal_session='))).toBe(false);
    expect(jar.get(vitaalUrl, 'vitaal_session')).toBeUndefined();
    expect((await request(jar, `${vitaalUrl}/api/v1/auth/session`)).status).toBe(401);
  });

  it('does not bind an account through an e-mail address the provider has not verified', async () => {
    const user = await buildUser(t.services, 'supervisor');
    const sub = subject();
    accounts.set(sub, { email: user.email, emailVerified: false });
    const { response } = await signIn(sub);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'oidc-user-unknown' });
    expect((await t.db.selectFrom('appUser').select('oidcSubject').where('id', '=', user.id).executeTakeFirstOrThrow()).oidcSubject).toBeNull();
  });

  it('refuses a callback whose state cookie is tampered with or absent', async () => {
    const user = await buildUser(t.services, 'coordinator');
    const sub = subject();
    accounts.set(sub, { email: user.email });
    const jar = new CookieJar();
    const callbackUrl = await signInAtProvider(jar, sub);
    const stateCookie = jar.get(vitaalUrl, 'vitaal_oidc') ?? '';
    // A signed cookie is `<value>.<signature>`, URL-encoded.
    const signed = decodeURIComponent(stateCookie);
    const signature = signed.slice(signed.lastIndexOf('.'));
    const { state } = JSON.parse(signed.slice(0, -signature.length)) as { codeVerifier: string; state: string };

    // The same state with another PKCE verifier under the original signature, and no cookie at all.
    const forged = encodeURIComponent(JSON.stringify({ codeVerifier: 'x'.repeat(43), state }) + signature);
    for (const cookie of [forged, undefined]) {
      jar.set(vitaalUrl, 'vitaal_oidc', cookie);
      const response = await request(jar, callbackUrl);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'oidc-state-missing' });
      expect(jar.get(vitaalUrl, 'vitaal_session')).toBeUndefined();
    }
    const untouched = await t.db.selectFrom('appUser').select('oidcSubject').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(untouched.oidcSubject).toBeNull();

    // Refused before the code was redeemed: with the genuine cookie the same callback still signs in.
    jar.set(vitaalUrl, 'vitaal_oidc', stateCookie);
    const genuine = await request(jar, callbackUrl);
    expect(genuine.status, await genuine.clone().text()).toBe(302);
    expect(jar.get(vitaalUrl, 'vitaal_session')).toBeDefined();
  });
});
