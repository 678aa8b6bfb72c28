import { DomainError } from '../domain/errors.ts';

interface PostgresError {
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
