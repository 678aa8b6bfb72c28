import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorCatalogue, type ErrorCode } from '../domain/error-codes.ts';
import { isDomainError, type ErrorDetail, type ErrorKind } from '../domain/errors.ts';
import { isDatabaseUnreachable } from '../services/database-errors.ts';

/** HTTP status for each domain error kind. */
export const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  'not-found': 404,
  conflict: 409,
  'rule-violated': 422,
  forbidden: 403,
  unauthenticated: 401,
  unavailable: 503,
};

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: ErrorDetail[];
}

const problemType = (code: string) => `https://vitaal.example/problems/${code}`;

/** The HTTP status of an error code: its own where the catalogue gives one, else its kind's. */
export const statusOf = (code: ErrorCode): number => {
  const entry: { kind: ErrorKind; status?: number } = errorCatalogue[code];
  return entry.status ?? statusOfKind[entry.kind];
};

/** Writes an RFC 9457 problem document. */
export function sendProblem(reply: FastifyReply, code: ErrorCode, detail: string, errors?: ErrorDetail[], status = statusOf(code)) {
  const problem: Problem = { type: problemType(code), title: code.replaceAll('-', ' '), status, code, detail, instance: reply.request.url, ...(errors?.length ? { errors } : {}) };
  return reply.code(status).type('application/problem+json').send(problem);
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/body/roles/0`, naming the offending element of the request, from one schema-validation issue. */
function pathOfIssue(context: string, issue: AjvIssue): string {
  const extra = issue.keyword === 'additionalProperties' ? `/${String(issue.params.additionalProperty)}` : issue.keyword === 'required' ? `/${String(issue.params.missingProperty)}` : '';
  return `/${context}${issue.instancePath}${extra}`;
}

const messageOfIssue = (issue: AjvIssue) =>
  issue.keyword === 'additionalProperties'
    ? 'unknown field'
    : issue.keyword === 'required'
      ? 'required field is missing'
      : issue.keyword === 'enum'
        ? `must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`
        : (issue.message ?? issue.keyword);

/** The one mapper from errors to HTTP: domain errors by kind, validation and parse errors as 400, anything else a logged 500. */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isDomainError(error)) return sendProblem(reply, error.code, error.message, error.details);
  if (error.validation) {
    const context = error.validationContext ?? 'body';
    const errors = (error.validation as AjvIssue[]).map((issue) => ({ path: pathOfIssue(context, issue), message: messageOfIssue(issue) }));
    return sendProblem(reply, 'validation-failed', `The request does not match the schema: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendProblem(reply, 'unsupported-media-type', error.message);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 'body-too-large', error.message);
  if (error.statusCode === 429) return sendProblem(reply, 'rate-limited', error.message);
  if (error.statusCode === 403 && error.code?.startsWith('FST_CSRF')) return sendProblem(reply, 'csrf-token-invalid', 'The CSRF token is missing or invalid; send the token of GET /api/v1/auth/session in X-CSRF-Token.');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return sendProblem(reply, error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP') ? 'malformed-body' : 'bad-request', error.message, [{ path: '/body', message: error.message }], error.statusCode);
  if (isDatabaseUnreachable(error)) {
    request.log.warn({ err: error }, 'database unreachable');
    return sendProblem(reply.header('retry-after', '5'), 'database-unavailable', 'The database cannot be reached at the moment; try again shortly.');
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, 'internal-error', 'Something went wrong on our side; the error was logged.');
}
