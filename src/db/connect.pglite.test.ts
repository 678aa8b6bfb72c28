import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { DatabaseHandle } from './connect.ts';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

describe('openDatabase on PGlite', () => {
  it('plans a prepared statement once, not at every execution', async () => {
    const marker = 'plan-once-probe';
    for (let run = 0; run < 12; run++) await handle.db.selectFrom('sector').select('code').where('code', '=', `${marker}-${run}`).execute();

    const { rows } = await sql<{ genericPlans: number; customPlans: number }>`
      select generic_plans, custom_plans from pg_prepared_statements where statement like ${'%from "sector" where "code" = $1%'}`.execute(handle.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({ genericPlans: 12, customPlans: 0 });
  });
});
