import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { vendorAliasKinds, type VendorAliasKind } from '../../domain/vendor-aliases.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

/** SBOMs can be large: up to this many bytes are accepted on the SBOM route (the rest of the API keeps its limit). */
const sbomBodyLimit = 200 * 1024 * 1024;
const sbomMediaTypes = ['application/json', 'application/vnd.cyclonedx+json', 'application/spdx+json', 'application/xml', 'application/vnd.cyclonedx+xml', 'text/xml'];

const uuid = (description: string) => Type.String({ format: 'uuid', description });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });
const timestamp = (description: string) => Type.String({ format: 'date-time', description });

const summarySchema = Type.Object(
  {
    sbomId: uuid('The SBOM record.'),
    outcome: Type.Unsafe<'created' | 'updated'>({ type: 'string', enum: ['created', 'updated'], description: '`updated` when a new version of a BOM already on the asset replaced it.' }),
    format: Type.String({ description: '`cyclonedx` or `spdx`.' }),
    encoding: Type.String({ description: '`json` or `xml`.' }),
    specVersion: Type.String(),
    name: Type.String(),
    components: Type.Integer({ description: 'Components (the BOM’s subject not counted), nested ones included.' }),
    services: Type.Integer(),
    dependencies: Type.Integer({ description: 'Edges of the dependency graph.' }),
    vendorsResolved: Type.Integer({ description: 'Distinct registered vendors the components resolved to.' }),
    vendorsUnresolved: Type.Integer({ description: 'Distinct party names, purl namespaces or CPE vendors that matched no registered vendor.' }),
    componentsResolved: Type.Integer(),
    componentsUnresolved: Type.Integer(),
    componentsWithoutParty: Type.Integer(),
    unresolvedNames: Type.Array(Type.String(), { description: 'The most frequent unresolved names (candidates for vendor aliases).' }),
    products: Type.Integer({ description: 'Unlisted products standing for the resolved components (scanned for high-risk countries).' }),
  },
  { $id: 'SbomImportSummary', additionalProperties: false },
);

const sbomFields = {
  id: uuid('SBOM id.'),
  assetId: uuid('The asset the SBOM is attached to.'),
  providerId: uuid('The provider that owns the asset.'),
  format: Type.String(),
  encoding: Type.String(),
  specVersion: Type.String(),
  serialNumber: nullable(Type.String(), 'CycloneDX serialNumber or SPDX documentNamespace.'),
  name: Type.String(),
  bomVersion: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.String({ description: 'SHA-256 of the last imported file.' }),
  componentCount: Type.Integer(),
  serviceCount: Type.Integer(),
  dependencyCount: Type.Integer(),
  vendorsResolved: Type.Integer(),
  vendorsUnresolved: Type.Integer(),
  imports: Type.Integer({ description: 'How many versions were imported.' }),
  createdAt: timestamp('First import (UTC).'),
  updatedAt: timestamp('Last import (UTC).'),
};
const sbomSchema = Type.Object(sbomFields, { $id: 'Sbom', additionalProperties: false });
const componentSchema = Type.Object({
  ref: Type.String(),
  parentRef: nullable(Type.String(), 'The component this one is nested in.'),
  root: Type.Boolean({ description: 'The subject of the BOM.' }),
  type: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  version: nullable(Type.String(), 'Version.'),
  group: nullable(Type.String(), 'Group or namespace.'),
  purl: nullable(Type.String(), 'Package URL.'),
  cpe: nullable(Type.String(), 'CPE.'),
  names: Type.Record(Type.String(), Type.String(), { description: 'Party names by role: supplier, manufacturer, publisher, author.' }),
  trustZone: nullable(Type.String(), 'Trust zone of a service.'),
  dependsOn: Type.Array(Type.String()),
  resolvedVia: nullable(Type.String(), 'Which party, purl or CPE resolved the vendor.'),
  productId: nullable(Type.String(), 'The product standing for the component.'),
  vendorId: nullable(Type.String(), 'The resolved vendor.'),
  vendorName: nullable(Type.String(), 'Its name.'),
  vendorCountry: nullable(Type.String(), 'Its country of establishment.'),
});
const sbomDetailSchema = Type.Object({ ...sbomFields, components: listSchema(componentSchema) }, { $id: 'SbomDetail', additionalProperties: false });

const aliasSchema = Type.Object(
  {
    id: uuid('Alias id.'),
    vendorId: uuid('The vendor.'),
    kind: Type.String({ description: 'name, purl-namespace or cpe-vendor.' }),
    value: Type.String(),
    normalised: Type.String({ description: 'The form in which it is matched.' }),
    createdAt: timestamp('When it was added (UTC).'),
  },
  { $id: 'VendorAlias', additionalProperties: false },
);
const aliasKind = Type.Unsafe<VendorAliasKind>({ type: 'string', enum: [...vendorAliasKinds], description: 'A name (CycloneDX supplier/manufacturer/publisher/author, SPDX Organization), a purl `type/namespace` or a CPE vendor.' });

const chainLink = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  country: Type.String(),
  controlledFromCountry: Type.Union([Type.String(), Type.Null()]),
  depth: Type.Integer({ description: '0 for the vendor itself, 1 for its parent, …' }),
  stakePercent: Type.Union([Type.Number(), Type.Null()], { description: 'Stake this party holds in the one below it.' }),
  source: Type.Union([Type.String(), Type.Null()]),
});
const ownershipSchema = Type.Object(
  {
    vendorId: Type.String(),
    chain: Type.Array(chainLink, { description: 'From the vendor up to the ultimate controlling party.' }),
    ultimateControllingParty: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), country: Type.String() }), Type.Null()]),
    controlledFromCountry: Type.Union([Type.String(), Type.Null()], { description: 'What the country policy tests as "controlled from".' }),
  },
  { $id: 'VendorOwnership', additionalProperties: false },
);
const mergeSchema = Type.Object(
  {
    id: uuid('Merge id.'),
    sourceVendorId: Type.String({ description: 'The vendor record merged away (restored by a split).' }),
    targetVendorId: Type.String(),
    mergedAt: timestamp('When (UTC).'),
    moved: Type.Unknown({ description: 'What moved: alias ids, product ids (as vendor, as manufacturer), owned vendors, the parent link.' }),
    sourceSnapshot: Type.Optional(Type.Unknown({ description: 'The merged vendor record as it was.' })),
    mergedBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    splitAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
    splitBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { $id: 'VendorMerge', additionalProperties: false },
);

/** SBOM ingest and reading, and the vendor aliases, ownership chain and merge/split that SBOM vendor resolution rests on. */
export function registerSbomRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [summarySchema, sbomSchema, sbomDetailSchema, aliasSchema, ownershipSchema, mergeSchema]) app.addSchema(schema);
  const ref = (id: string) => Type.Ref(id);
  const tags = ['supply-chain'];
  const params = (request: { params: unknown }) => request.params as { id: string; aliasId: string };

  // The SBOM upload in a scope of its own: the body (JSON or XML, and it may be large) is handed on as the stream it
  // is, read while it arrives; so the size limit is enforced here, by the announced length and by the bytes read.
  const tooLarge = () => new DomainError('body-too-large', `An SBOM upload may be at most ${sbomBodyLimit} bytes.`);
  app.register(async (scope) => {
    scope.removeContentTypeParser(['application/json']);
    scope.addContentTypeParser(sbomMediaTypes, (request, payload, done) => (Number(request.headers['content-length'] ?? 0) > sbomBodyLimit ? done(tooLarge(), undefined) : done(null, payload)));
    scope.post(
      '/assets/:id/sboms',
      {
        bodyLimit: sbomBodyLimit,
        schema: {
          tags,
          summary: 'Import an SBOM onto one of your assets: CycloneDX 1.4–1.7 (JSON or XML) or SPDX 2.3 JSON, checked against its official schema; a new version of the same BOM replaces the old',
          consumes: sbomMediaTypes,
          params: idParams,
          body: Type.Unsafe<string>({ description: 'The SBOM document as it is (JSON or XML), read as it arrives.' }),
          response: { 200: ref('SbomImportSummary'), 201: ref('SbomImportSummary'), ...problemResponses, 413: ref('Problem') },
        },
      },
      async (request, reply) => {
        const summary = await services.sboms.importSbom(actorOf(request), params(request).id, request.body as AsyncIterable<Uint8Array>, {
          read(bytes) {
            if (bytes > sbomBodyLimit) throw tooLarge();
          },
        });
        return reply.code(summary.outcome === 'created' ? 201 : 200).send(summary);
      },
    );
  });

  app.get(
    '/assets/:id/sboms',
    { schema: { tags, summary: 'The SBOMs attached to an asset', params: idParams, querystring: Type.Object(pageQuery, { additionalProperties: false }), response: { 200: listSchema(ref('Sbom')), ...problemResponses } } },
    async (request) => services.sboms.listSboms(actorOf(request), { assetId: params(request).id }, request.query as { limit: number; offset: number }),
  );
  app.get(
    '/sboms',
    { schema: { tags, summary: 'The SBOMs you may see (those of the assets you may see)', querystring: Type.Object(pageQuery, { additionalProperties: false }), response: { 200: listSchema(ref('Sbom')), ...problemResponses } } },
    async (request) => services.sboms.listSboms(actorOf(request), {}, request.query as { limit: number; offset: number }),
  );
  app.get(
    '/sboms/:id',
    {
      schema: {
        tags,
        summary: 'An SBOM with a page of its components and services and the vendor each resolved to',
        params: idParams,
        querystring: Type.Object(pageQuery, { additionalProperties: false }),
        response: { 200: ref('SbomDetail'), ...problemResponses },
      },
    },
    async (request) => services.sboms.getSbom(actorOf(request), params(request).id, request.query as { limit: number; offset: number }),
  );

  const aliasParams = Type.Object({ id: Type.String({ description: 'UUID of the vendor.' }), aliasId: Type.String({ description: 'UUID of the alias.' }) });
  app.get('/vendors/:id/aliases', { schema: { tags, summary: 'The aliases of a vendor (names, purl namespaces, CPE vendors)', params: idParams, response: { 200: Type.Array(ref('VendorAlias')), ...problemResponses } } }, async (request) =>
    services.vendors.listAliases(actorOf(request), params(request).id),
  );
  app.post(
    '/vendors/:id/aliases',
    {
      schema: {
        tags,
        summary: 'Add an alias to a vendor (administrator or coordinator); one vendor per alias',
        params: idParams,
        body: Type.Object({ kind: aliasKind, value: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
        response: { 201: ref('VendorAlias'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.vendors.addAlias(actorOf(request), params(request).id, request.body as { kind: VendorAliasKind; value: string })),
  );
  app.delete('/vendors/:id/aliases/:aliasId', { schema: { tags, summary: 'Remove an alias of a vendor (administrator or coordinator)', params: aliasParams, response: { 204: Type.Null(), ...problemResponses } } }, async (request, reply) => {
    await services.vendors.removeAlias(actorOf(request), params(request).id, params(request).aliasId);
    return reply.code(204).send();
  });

  app.get('/vendors/:id/ownership', { schema: { tags, summary: 'The ownership chain of a vendor up to its ultimate controlling party', params: idParams, response: { 200: ref('VendorOwnership'), ...problemResponses } } }, async (request) =>
    services.vendors.getOwnership(actorOf(request), params(request).id),
  );
  app.put(
    '/vendors/:id/ownership',
    {
      schema: {
        tags,
        summary: 'Set (or with null remove) the parent of a vendor; the vendor and all it owns become controlled from the top of the chain (administrator or coordinator)',
        params: idParams,
        body: Type.Object(
          {
            parentVendorId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The owning vendor record, or null for none.' }),
            stakePercent: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 100 }), Type.Null()], { description: 'Stake of the parent in the vendor.' })),
            source: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()], { description: 'Where the ownership fact comes from.' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref('VendorOwnership'), ...problemResponses },
      },
    },
    async (request) => services.vendors.setOwnership(actorOf(request), params(request).id, request.body as { parentVendorId: string | null; stakePercent?: number | null; source?: string | null }),
  );

  app.post(
    '/vendors/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge this vendor record into another: aliases, products (and so their uses) and owned vendors move; the merge is kept for a split (administrator or coordinator)',
        params: idParams,
        body: Type.Object({ intoVendorId: Type.String({ format: 'uuid', description: 'The vendor that remains.' }) }, { additionalProperties: false }),
        response: { 201: ref('VendorMerge'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.vendors.merge(actorOf(request), params(request).id, (request.body as { intoVendorId: string }).intoVendorId)),
  );
  app.get('/vendors/:id/merges', { schema: { tags, summary: 'The merges into or out of a vendor (the history)', params: idParams, response: { 200: Type.Array(ref('VendorMerge')), ...problemResponses } } }, async (request) =>
    services.vendors.listMerges(actorOf(request), params(request).id),
  );
  app.post(
    '/vendor-merges/:id/split',
    { schema: { tags, summary: 'Split a merge: the merged vendor returns with its id, and what moved moves back (administrator or coordinator)', params: idParams, response: { 200: ref('VendorMerge'), ...problemResponses } } },
    async (request) => {
      const { vendor, ...split } = await services.vendors.split(actorOf(request), params(request).id);
      return { ...split, sourceSnapshot: vendor };
    },
  );
}
