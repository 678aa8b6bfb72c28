import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliPlatform } from '../../../test/cli.ts';

// End to end on a real embedded data folder (or, in the postgres project, a database of its own on the server).
const cli = useCliPlatform('sbom');
const { vitaal, write } = cli;
const fixture = (name: string) => path.join(import.meta.dirname, '..', '..', 'interop', 'sbom', 'fixtures', name);

describe('vitaal import sbom', () => {
  it('imports an SBOM onto an asset given by code and prints the summary; refuses an invalid one', { timeout: 300_000 }, async () => {
    expect((await vitaal('import', 'organisations', write('organisations.csv', ['code,name,kind', 'netbeheer-sbom,Netbeheer SBOM B.V.,provider']))).code).toBe(0);
    const assets = write('assets.csv', ['code,provider,name,kind,keyAsset,latitude,longitude', 'gateway-1,netbeheer-sbom,Gateway 1,site,true,52.1,5.1']);
    const imported = await vitaal('import', 'assets', assets);
    expect(imported.code, imported.stderr).toBe(0);

    const result = await vitaal('import', 'sbom', fixture('hbom-gateway.cdx.json'), '--asset', 'gateway-1');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'created', components: 5, services: 0, dependencies: 4, vendorsResolved: 0, vendorsUnresolved: 4, componentsWithoutParty: 1 });
    const again = await vitaal('import', 'sbom', fixture('hbom-gateway.cdx.json'), '--asset', 'gateway-1');
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'updated' });

    const refused = await vitaal('import', 'sbom', fixture('invalid-wrong-version.cdx.json'), '--asset', 'gateway-1');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('CycloneDX 1.3 is not supported');
    expect((await vitaal('import', 'sbom', fixture('hbom-gateway.cdx.json'))).stderr).toContain('--asset');
  });
});
