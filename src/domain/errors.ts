import { errorCatalogue, type ErrorCode, type ErrorCodeOfKind, type ErrorKind } from './error-codes.ts';

export type { ErrorKind };

/** One problem with one element of the input, located by a JSON pointer (`/body/name`) or a `row:column` for files. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * The one error type of Vitaal. `code` is stable, kebab-case and catalogued (src/domain/error-codes.ts,
 * docs/errors.md), and determines the kind; `message` is for people; `details` point at the offending input.
 */
export class DomainError extends Error {
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = errorCatalogue[code].kind;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const invalid = (code: ErrorCodeOfKind<'invalid'>, message: string, details: ErrorDetail[] = []) => new DomainError(code, message, details);

/** A record that does not exist or is not visible to the caller: both answer alike, so that existence is not revealed. */
export const notFound = (noun: NotFoundNoun, id: string) =>
  new DomainError(`${noun}-not-found`, `No ${noun.replaceAll('-', ' ')} with id ${id} (or not visible to you).`);

export type NotFoundNoun = ErrorCodeOfKind<'not-found'> extends infer C ? (C extends `${infer Noun}-not-found` ? Noun : never) : never;

export const forbidden = (message: string) => new DomainError('forbidden', message);

export const conflict = (code: ErrorCodeOfKind<'conflict'>, message: string) => new DomainError(code, message);
