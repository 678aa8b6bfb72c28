/** The kinds of failure the domain knows; each edge maps them to its own vocabulary (HTTP status, exit code). */
export type ErrorKind = 'invalid' | 'not-found' | 'conflict' | 'rule-violated' | 'forbidden' | 'unauthenticated' | 'unavailable';

/** One problem with one element of the input, located by a JSON pointer (`/body/name`) or a `row:column` for files. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The one error type of Vitaal. `code` is stable and kebab-case (catalogued in docs/errors.md);
 * `message` is for people; `details` points at the offending parts of the input.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const invalid = (code: string, message: string, details: ErrorDetail[] = []) =>
  new DomainError('invalid', code, message, details);

export const notFound = (what: string, id: string) =>
  new DomainError('not-found', `${what}-not-found`, `No ${what.replaceAll('-', ' ')} with id ${id} (or not visible to you).`);

export const forbidden = (message: string) => new DomainError('forbidden', 'forbidden', message);

export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
