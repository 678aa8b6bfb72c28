import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { buildUser } from '../../test/factories.ts';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import { createServices, type Services } from './index.ts';

/** Credentials changed by another process on the same database server: only a server has other processes. */

let handle: DatabaseHandle & { url?: string };
let services: Services;

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(handle, { sessionHours: 1, dataDir: path.resolve(import.meta.dirname, '../../data') });
});

afterAll(async () => {
  await handle?.close();
});

describe('signed-in users on a PostgreSQL server', () => {
  it('refuses a token that another process revoked, once its notice arrives, though this one knew the token', async () => {
    const user = await buildUser(services, 'partner');
    expect(await services.auth.findTokenActor(user.token)).toMatchObject({ userId: user.id });
    expect(await services.auth.findTokenActor(user.token)).toMatchObject({ userId: user.id });
    const other = await openDatabase({ kind: 'postgres', url: handle.url!, maxConnections: 1 });
    try {
      await other.db.updateTable('apiToken').set({ revokedAt: new Date() }).where('userId', '=', user.id).execute();
      // Remembered, the token would pass for another minute.
      await expect.poll(() => services.auth.findTokenActor(user.token), { timeout: 5_000, interval: 20 }).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
