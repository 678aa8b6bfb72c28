import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliPlatform } from '../../../test/cli.ts';

// `vitaal import oscal` and `vitaal export oscal` end to end on a data folder of their own (or a PostgreSQL database).
const cli = useCliPlatform('oscal');
const { vitaal } = cli;

const catalogue = {
  catalog: {
    uuid: '5e0f4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b',
    metadata: { title: 'Baseline Informatiebeveiliging Overheid (excerpt)', 'last-modified': '2026-01-01T00:00:00+01:00', version: '1.04', 'oscal-version': '1.1.2' },
    controls: [
      { id: 'bio-9-4-2', title: 'Beveiligde inlogprocedures', parts: [{ name: 'statement', prose: 'Toegang verloopt via een beveiligde inlogprocedure.' }] },
      { id: 'bio-12-6-1', title: 'Beheer van technische kwetsbaarheden' },
    ],
  },
};

describe('vitaal import oscal / export oscal', () => {
  it('imports a catalogue and exports it semantically equal', { timeout: 120_000 }, async () => {
    const file = path.join(cli.folder, 'bio.json');
    fs.writeFileSync(file, JSON.stringify(catalogue));
    const imported = await vitaal('import', 'oscal', file);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ id: 'baseline-informatiebeveiliging-overheid-excerpt', controlCount: 2 });

    const exported = await vitaal('export', 'oscal', '--catalogue', 'baseline-informatiebeveiliging-overheid-excerpt');
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(catalogue);

    const out = path.join(cli.folder, 'nis2.json');
    expect((await vitaal('export', 'oscal', '--catalogue', 'nis2-art21', '--out', out)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ catalog: { metadata: { 'oscal-version': '1.1.2' } } });
  });

  it('refuses an invalid catalogue whole, naming the path, and stores nothing', { timeout: 120_000 }, async () => {
    const file = path.join(cli.folder, 'broken.json');
    const broken = structuredClone(catalogue) as { catalog: { controls: Record<string, unknown>[] } };
    broken.catalog.controls[1] = { id: 'bio-12-6-1' };
    fs.writeFileSync(file, JSON.stringify(broken));
    const result = await vitaal('import', 'oscal', file, '--id', 'broken');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('/catalog/controls/1/title');
    expect((await vitaal('export', 'oscal', '--catalogue', 'broken')).code).not.toBe(0);
  });
});
