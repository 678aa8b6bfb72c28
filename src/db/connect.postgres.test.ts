import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { openDatabase, type DatabaseHandle } from './connect.ts';

/** Only a server can end one session from another: PGlite is a single session. */

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

describe('openDatabase on a PostgreSQL server', () => {
  it('runs statements without JIT compilation, whatever the server is configured with', async () => {
    const { rows } = await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(handle.db);

    expect(rows[0]?.jit).toBe('off');
  });

  it('survives the server ending a connection that a transaction holds between statements', async () => {
    const held = handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('sector').values({ code: 'terminated', nameNl: 'Beëindigd', nameEn: 'Terminated' }).execute();
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(handle.db);
      // The connection's end arrives while no statement of it runs.
      await sleep(200);
      await trx.selectFrom('sector').select('code').execute();
    });

    await expect(held).rejects.toThrow(/not queryable|terminat/);
    const sectors = await handle.db.selectFrom('sector').select('code').execute();
    expect(sectors.map((row) => row.code)).not.toContain('terminated');
  });

  it("connects through the server's Unix socket when the URL names the socket's folder (a server on the same machine)", async () => {
    const { rows } = await sql<{ folder: string; port: string; database: string; user: string }>`
      select split_part(current_setting('unix_socket_directories'), ',', 1) as folder, current_setting('port') as port, current_database() as database, current_user as user`.execute(handle.db);
    const { folder, port, database, user } = rows[0] as (typeof rows)[number];
    const overSocket = await openDatabase({ kind: 'postgres', url: `postgres://${user}@/${database}?host=${encodeURIComponent(folder)}&port=${port}`, maxConnections: 1 });
    try {
      await overSocket.db.transaction().execute((trx) => trx.insertInto('sector').values({ code: 'via-socket', nameNl: 'Via de socket', nameEn: 'Through the socket' }).execute());
      const peer = await sql<{ address: string | null }>`select inet_client_addr()::text as address`.execute(overSocket.db);

      expect(peer.rows[0]?.address).toBeNull();
      expect(await handle.db.selectFrom('sector').select('code').where('code', '=', 'via-socket').execute()).toEqual([{ code: 'via-socket' }]);
    } finally {
      await overSocket.close();
    }
  });
});
