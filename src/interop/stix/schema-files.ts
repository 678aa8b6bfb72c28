import fs from 'node:fs';
import path from 'node:path';
import { indexTlpMarkings, type TlpMarkingTable, type TlpMarkings } from './tlp-markings.ts';
import { createStixValidator, type StixValidator } from './validate.ts';

/** Reads the vendored STIX 2.1 schemas (data/schemas/stix2.1) and the TLP marking table (data/reference) of a data folder. */
export function loadStixReference(dataDir: string): { validator: StixValidator; markings: TlpMarkings } {
  const root = path.join(dataDir, 'schemas', 'stix2.1');
  const schemas = ['common', 'sdos', 'sros'].flatMap((folder) =>
    fs
      .readdirSync(path.join(root, folder))
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(fs.readFileSync(path.join(root, folder, file), 'utf8')) as object),
  );
  const table = JSON.parse(fs.readFileSync(path.join(dataDir, 'reference', 'stix-tlp-markings.json'), 'utf8')) as TlpMarkingTable;
  return { validator: createStixValidator(schemas), markings: indexTlpMarkings(table) };
}
