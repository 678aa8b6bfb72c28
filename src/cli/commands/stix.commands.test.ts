import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliPlatform } from '../../../test/cli.ts';

// `vitaal export stix` and `vitaal import stix` end to end on a data folder of their own (or a database on the server).
const cli = useCliPlatform('stix');
const { vitaal } = cli;

describe('vitaal export stix and vitaal import stix', () => {
  it('imports for a user, refuses an invalid bundle naming the object, and re-imports an export without duplicates', { timeout: 600_000 }, async () => {
    const organisations = path.join(cli.folder, 'organisaties.csv');
    fs.writeFileSync(organisations, 'code;name;kind;country\ncert-test;CERT Test;csirt;NL\n');
    expect((await vitaal('import', 'organisations', organisations)).code).toBe(0);
    expect((await vitaal('users', 'create', '--email', 'analist@cert.test', '--name', 'Analist', '--organisation', 'cert-test', '--roles', 'csirt')).code).toBe(0);

    const bundle = {
      type: 'bundle',
      id: 'bundle--0b5e0c3f-6a8e-4a4c-9d2e-7f1a2b3c4d5e',
      objects: [
        { type: 'threat-actor', spec_version: '2.1', id: 'threat-actor--e1b2c3d4-0001-4000-8000-000000000001', created: '2026-02-01T09:00:00.000Z', modified: '2026-02-01T09:00:00.000Z', name: 'Zandworm', labels: ['tlp:amber'] },
      ],
    };
    const file = path.join(cli.folder, 'bundle.json');
    fs.writeFileSync(file, JSON.stringify(bundle));
    expect((await vitaal('import', 'stix', file)).code).not.toBe(0);
    const imported = await vitaal('import', 'stix', file, '--user', 'analist@cert.test');
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 1, updated: 0 });

    const broken = path.join(cli.folder, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify({ ...bundle, objects: [{ ...bundle.objects[0], created: 'gisteren' }] }));
    const refused = await vitaal('import', 'stix', broken, '--user', 'analist@cert.test');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/threat-actor--e1b2c3d4-0001-4000-8000-000000000001 at \/objects\/0\/created/);

    const out = path.join(cli.folder, 'export.json');
    const exported = await vitaal('export', 'stix', '--out', out, '--user', 'analist@cert.test');
    expect(exported.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(out, 'utf8')) as { objects: { id: string; object_marking_refs?: string[] }[] };
    expect(written.objects.find((object) => object.id === bundle.objects[0]!.id)?.object_marking_refs).toEqual(['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421']);
    const again = await vitaal('import', 'stix', out, '--user', 'analist@cert.test');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0 });
  });
});
