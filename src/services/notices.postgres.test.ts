import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { buildUser } from '../../test/factories.ts';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import { createServices, type Services } from './index.ts';

/** Credentials and catalogues changed by another process on the same database server: only a server has other processes. */

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

describe('behind a pooler in transaction mode (VITAAL_DATABASE_POOLING=transaction)', () => {
  it('does not listen, remembers no credential and refuses at once a token that another process revoked', async () => {
    const pooled = await openDatabase({ kind: 'postgres', url: handle.url!, listens: false });
    const other = await openDatabase({ kind: 'postgres', url: handle.url!, maxConnections: 1 });
    try {
      const auth = createServices(pooled, { sessionHours: 1, dataDir: path.resolve(import.meta.dirname, '../../data') }).auth;
      const user = await buildUser(services, 'partner');
      expect(await auth.findTokenActor(user.token)).toMatchObject({ userId: user.id });
      expect(pooled.notices.credentials.listening).toBe(false);
      await other.db.updateTable('apiToken').set({ revokedAt: new Date() }).where('userId', '=', user.id).execute();
      expect(await auth.findTokenActor(user.token)).toBeUndefined();
    } finally {
      await Promise.all([pooled.close(), other.close()]);
    }
  });
});

describe('imported control catalogues on a PostgreSQL server', () => {
  it('shows a catalogue that another process imported, once its notice arrives, though this one had read the catalogues', async () => {
    const ids = async () => (await services.dutyOfCare.listCatalogues()).map((catalogue) => catalogue.id);
    expect(await ids()).not.toContain('other-process');
    const document = {
      catalog: {
        uuid: '0c4f2a8e-3b1d-4e5f-9a6b-7c8d9e0f1a2b',
        metadata: { title: 'Imported elsewhere', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.1.2' },
        controls: [{ id: 'x-1', title: 'A control' }],
      },
    };
    const other = await openDatabase({ kind: 'postgres', url: handle.url!, maxConnections: 1 });
    try {
      await other.db.insertInto('controlCatalogue').values({ id: 'other-process', title: 'Imported elsewhere', version: '1', oscalVersion: '1.1.2', document: JSON.stringify(document) }).execute();
      // Remembered, the catalogues would stay as they were for another minute.
      await expect.poll(ids, { timeout: 5_000, interval: 20 }).toContain('other-process');
    } finally {
      await other.close();
    }
  });
});
