import { DomainError } from '../domain/errors.ts';

/** The fields of an error from PostgreSQL (pg and PGlite alike) that tell which constraint a statement broke. */
export interface PostgresError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

/**
 * Turns a PostgreSQL constraint violation into a DomainError naming the offending field; other errors pass through.
 * The constraint names follow PostgreSQL's defaults (`table_column_fkey`, `table_column_key`, `table_column_check`).
 */
export function translateDatabaseError(error: unknown, fieldOf: (constraint: string) => string = (name) => name): unknown {
  const pgError = error as PostgresError;
  if (!pgError || typeof pgError.code !== 'string') return error;
  const field = pgError.constraint ? fieldOf(pgError.constraint) : (pgError.column ?? '');
  switch (pgError.code) {
    case '23505':
      return new DomainError('already-exists', `Another record already has this ${field || 'value'}.`, [
        { path: `/${field}`, message: pgError.detail ?? 'duplicate value' },
      ]);
    case '23503':
      return new DomainError('unknown-reference', `The record referred to by ${field || 'a field'} does not exist.`, [
        { path: `/${field}`, message: pgError.detail ?? 'unknown reference' },
      ]);
    case '23514':
    case '23502':
    case '22P02':
    case '22003':
      return new DomainError('invalid-value', `A value is not allowed${field ? ` for ${field}` : ''}.`, [
        { path: `/${field}`, message: pgError.detail ?? 'value violates a rule' },
      ]);
    default:
      return error;
  }
}

/** `asset_provider_id_fkey` → `providerId`: the camelCase field a default-named constraint guards. */
export function fieldOfConstraint(table: string, constraint: string): string {
  const column = constraint.replace(new RegExp(`^${table}_`), '').replace(/_(fkey|key|check|pkey)$/, '');
  return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Network and server-state failures (SQLSTATE class 08, shutdown, too many connections): the database is away, not the request wrong. */
const unreachableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);

/** Whether `error` says the database cannot be reached right now (the pool opens new connections by itself once it is back). */
export function isDatabaseUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && (unreachableCodes.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnreachable);
  return /Connection terminated|timeout exceeded when trying to connect/i.test((error as Error | undefined)?.message ?? '');
}
