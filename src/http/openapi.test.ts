import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateApiFiles, generatedFiles } from '../../scripts/generate-api.ts';

const root = path.resolve(import.meta.dirname, '../..');

// Builds the whole API and writes its types: 24 s on PGlite's run of a full CI, over the 30 s of a database test on the other.
const generationMs = 120_000;

describe('generated API files', () => {
  it('docs/openapi.json, web/src/api/schema.d.ts and docs/errors.md match the code (else run npm run generate)', { timeout: generationMs }, async () => {
    const files = await generateApiFiles();
    for (const key of Object.keys(generatedFiles) as (keyof typeof generatedFiles)[]) {
      const file = path.join(root, generatedFiles[key]);
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      expect(committed === files[key], `${generatedFiles[key]} is stale: run npm run generate`).toBe(true);
    }
  });
});
