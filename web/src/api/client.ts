import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

/** Records of the API, named as in the OpenAPI document. */
export type Schemas = components['schemas'];
export type Session = Schemas['Session'];
export type SessionUser = Session['user'];

/** A problem document (RFC 9457) the API answered with, thrown so that callers can show its detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** Remembers the CSRF token of the session; every write made with the session cookie must carry it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

const problems: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return response;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) {
      const body = (await response.clone().json()) as { status?: number; code?: string; detail?: string; errors?: { path: string; message: string }[] };
      throw new ApiError(response.status, body.code ?? 'error', body.detail ?? response.statusText, body.errors ?? []);
    }
    throw new ApiError(response.status, 'http-error', `${response.status} ${response.statusText}`);
  },
};

/** The typed API client (paths start with /api/v1); errors are thrown as ApiError, so `data` is set when a call returns. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf, problems);

/** The `data` of a successful openapi-fetch result (errors were already thrown by the middleware). */
export function dataOf<T>(result: { data?: T }): T {
  if (result.data === undefined) throw new ApiError(0, 'empty-response', 'The server sent no data.');
  return result.data;
}
