// `npm run generate`: writes the OpenAPI document (docs/openapi.json) and the web client's types
// (web/src/api/schema.d.ts) from the routes' schemas, and the error catalogue (docs/errors.md) from
// src/domain/error-codes.ts. src/http/openapi.test.ts fails when they are stale.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { errorCatalogue, type ErrorCode } from '../src/domain/error-codes.ts';
import { buildApp } from '../src/http/app.ts';
import { statusOf } from '../src/http/problem.ts';
import type { Services } from '../src/services/index.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Where each generated file lives, relative to the repository root. */
export const generatedFiles = { openapi: 'docs/openapi.json', schema: 'web/src/api/schema.d.ts', errors: 'docs/errors.md' } as const;

/** Builds the app (its services are never called) and returns the generated files' contents. */
export async function generateApiFiles(): Promise<Record<keyof typeof generatedFiles, string>> {
  // OIDC is configured so that its (optional) routes are documented too; nothing is discovered until a request.
  const oidc = { issuerUrl: 'https://idp.example', clientId: 'vitaal', clientSecret: 'unused', redirectUrl: 'https://vitaal.example/api/v1/auth/oidc/callback', emailClaim: 'email' };
  const app = await buildApp({ services: {} as Services, cookieSecret: 'generate-api-only', secureCookies: false, sessionHours: 1, oidc });
  try {
    await app.ready();
    const document = app.swagger();
    const openapi = `${JSON.stringify(document, null, 2)}\n`;
    const ast = await openapiTS(JSON.parse(openapi) as Parameters<typeof openapiTS>[0]);
    const header = '// Generated from docs/openapi.json by `npm run generate` (scripts/generate-api.ts). Do not edit.\n\n';
    return { openapi, schema: header + astToString(ast), errors: errorCatalogueMarkdown() };
  } finally {
    await app.close();
  }
}

/** docs/errors.md: every error code with its HTTP status and meaning. */
function errorCatalogueMarkdown(): string {
  const rows = Object.entries(errorCatalogue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, { kind, description }]) => `| \`${code}\` | ${statusOf(code as ErrorCode)} | ${kind} | ${description} |`);
  return [
    '# Error codes',
    '',
    'Generated from `src/domain/error-codes.ts` by `npm run generate`; do not edit.',
    'The API answers errors as RFC 9457 `application/problem+json` documents whose `code` is one of these, with',
    '`errors: [{ path, message }]` naming the offending input. The CLI prints the message and exits non-zero.',
    '',
    '| code | HTTP status | kind | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

async function main() {
  const files = await generateApiFiles();
  for (const key of Object.keys(generatedFiles) as (keyof typeof generatedFiles)[]) {
    const target = path.join(root, generatedFiles[key]);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, files[key]);
    console.log(`wrote ${generatedFiles[key]}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
