import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('takes sessions of their own as the database pooling, unless told of a pooler in transaction mode', () => {
    expect(loadConfig({}).databasePooling).toBe('session');
    expect(loadConfig({ VITAAL_DATABASE_POOLING: '' }).databasePooling).toBe('session');
    expect(loadConfig({ VITAAL_DATABASE_POOLING: 'transaction' }).databasePooling).toBe('transaction');
  });

  it('leaves the number of database connections to the pool unless told, and refuses one that is not a positive whole number', () => {
    expect(loadConfig({}).databaseConnections).toBeUndefined();
    expect(loadConfig({ VITAAL_DATABASE_CONNECTIONS: '12' }).databaseConnections).toBe(12);
    expect(() => loadConfig({ VITAAL_DATABASE_CONNECTIONS: '0' })).toThrow('VITAAL_DATABASE_CONNECTIONS must be a positive whole number, got "0"');
    expect(() => loadConfig({ VITAAL_DATABASE_CONNECTIONS: 'many' })).toThrow('VITAAL_DATABASE_CONNECTIONS must be a positive whole number, got "many"');
  });

  it('refuses a database pooling it does not know, naming the ones it does', () => {
    expect(() => loadConfig({ VITAAL_DATABASE_POOLING: 'statement' })).toThrow('VITAAL_DATABASE_POOLING must be one of "session", "transaction", got "statement"');
  });
});
