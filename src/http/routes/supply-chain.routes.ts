import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';
import { productKinds, type ProductFilters, type ProductInput, type ProductUseFilters, type VendorFilters, type VendorInput } from '../../services/supply-chain.service.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

const code = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$', description: 'Human identifier, unique, lower-case.' });
const nullable = (schema: TSchema, description: string) => Type.Union([schema, Type.Null()], { description });
const uuid = (description: string) => Type.String({ format: 'uuid', description });
const timestamp = (description: string) => Type.String({ format: 'date-time', description });
const countryText = Type.String({ minLength: 2, maxLength: 100, description: 'An ISO 3166-1 code (alpha-2 or alpha-3) or the country’s name in English or Dutch; stored as alpha-2.' });
const kindSchema = Type.Unsafe<(typeof productKinds)[number]>({ type: 'string', enum: [...productKinds], description: 'Hardware, firmware, software or service.' });
const kvkNumber = Type.String({ pattern: '^[0-9]{8}$', description: 'Dutch Chamber of Commerce number.' });
const lei = Type.String({ pattern: '^[A-Z0-9]{20}$', description: 'Legal Entity Identifier.' });

const vendorSchema = Type.Object(
  {
    id: uuid('Vendor id.'),
    code: Type.String(),
    name: Type.String(),
    aliases: Type.Array(Type.String(), { description: 'Other names under which the vendor appears (SBOM supplier strings, purl namespaces, CPE vendors).' }),
    country: Type.String({ description: 'Country of establishment (ISO 3166-1 alpha-2).' }),
    controlledFromCountry: nullable(Type.String(), 'Country of the ultimate controlling party when it differs (ISO 3166-1 alpha-2).'),
    controllingParty: nullable(Type.String(), 'Name of the ultimate controlling party.'),
    kvkNumber: nullable(Type.String(), 'Dutch Chamber of Commerce number.'),
    lei: nullable(Type.String(), 'Legal Entity Identifier.'),
    createdAt: timestamp('When the vendor was registered (UTC).'),
    updatedAt: timestamp('When the vendor was last changed (UTC).'),
  },
  { $id: 'Vendor', additionalProperties: false },
);

const vendorFields = {
  name: Type.String({ minLength: 1, maxLength: 300, description: 'Legal or usual name.' }),
  aliases: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100, uniqueItems: true, description: 'Other names of the vendor.' }),
  country: countryText,
  controlledFromCountry: nullable(countryText, 'Country of the ultimate controlling party, as a code or a name; null when controlled where established.'),
  controllingParty: nullable(Type.String({ minLength: 1, maxLength: 300 }), 'Name of the ultimate controlling party.'),
  kvkNumber: nullable(kvkNumber, 'Dutch Chamber of Commerce number.'),
  lei: nullable(lei, 'Legal Entity Identifier.'),
};
const { name: vendorName, country: vendorCountry, ...optionalVendorFields } = vendorFields;
const vendorCreateSchema = Type.Object(
  { code, name: vendorName, country: vendorCountry, ...Object.fromEntries(Object.entries(optionalVendorFields).map(([key, schema]) => [key, Type.Optional(schema)])) },
  { additionalProperties: false },
);
const vendorPatchSchema = Type.Object(Object.fromEntries(Object.entries(vendorFields).map(([key, schema]) => [key, Type.Optional(schema)])), { additionalProperties: false, minProperties: 1 });
const vendorQuery = Type.Object(
  {
    ...pageQuery,
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Part of the code, name or an alias (case-insensitive).' })),
    country: Type.Optional(Type.String({ ...countryText, description: 'Only vendors established in this country (code or name).' })),
    controlledFromCountry: Type.Optional(Type.String({ ...countryText, description: 'Only vendors controlled from this country (code or name).' })),
    kvkNumber: Type.Optional(kvkNumber),
    lei: Type.Optional(lei),
  },
  { additionalProperties: false },
);

const productSchema = Type.Object(
  {
    id: uuid('Product id.'),
    code: Type.String(),
    name: Type.String(),
    kind: kindSchema,
    vendorId: uuid('The vendor that sells the product.'),
    manufacturerId: nullable(Type.String({ format: 'uuid' }), 'The vendor that makes it, when another than the seller.'),
    listed: Type.Boolean({ description: 'In the shared register; false for a product known only from a provider’s own records.' }),
    componentIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'Products inside this one (firmware in a device).' }),
    createdAt: timestamp('When the product was registered (UTC).'),
    updatedAt: timestamp('When the product was last changed (UTC).'),
  },
  { $id: 'Product', additionalProperties: false },
);
const productFields = {
  name: Type.String({ minLength: 1, maxLength: 300, description: 'Product name (and version line).' }),
  kind: kindSchema,
  vendorId: uuid('The vendor that sells the product.'),
  manufacturerId: nullable(Type.String({ format: 'uuid' }), 'The vendor that makes it, when another than the seller.'),
  listed: Type.Boolean({ description: 'In the shared register (default true).' }),
  componentIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 1000, uniqueItems: true, description: 'Products inside this one; replaces the whole set on update.' }),
};
const productCreateSchema = Type.Object(
  { code, name: productFields.name, kind: productFields.kind, vendorId: productFields.vendorId, manufacturerId: Type.Optional(productFields.manufacturerId), listed: Type.Optional(productFields.listed), componentIds: Type.Optional(productFields.componentIds) },
  { additionalProperties: false },
);
const productPatchSchema = Type.Object(Object.fromEntries(Object.entries(productFields).map(([key, schema]) => [key, Type.Optional(schema)])), { additionalProperties: false, minProperties: 1 });
const productQuery = Type.Object(
  {
    ...pageQuery,
    vendorId: Type.Optional(uuid('Only products of this vendor.')),
    manufacturerId: Type.Optional(uuid('Only products made by this vendor.')),
    kind: Type.Optional(kindSchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Part of the code or name (case-insensitive).' })),
  },
  { additionalProperties: false },
);

const productUseSchema = Type.Object(
  {
    assetId: uuid('The asset that uses the product.'),
    productId: uuid('The product.'),
    providerId: uuid('The provider that owns the asset.'),
    processId: nullable(Type.String({ format: 'uuid' }), 'The vital process the asset serves.'),
    keyAsset: Type.Boolean({ description: 'Whether the asset is a key asset (core network, control system, safety system).' }),
  },
  { $id: 'ProductUse', additionalProperties: false },
);
const productUseQuery = Type.Object(
  {
    ...pageQuery,
    assetId: Type.Optional(uuid('Only uses by this asset.')),
    productId: Type.Optional(uuid('Only uses of this product.')),
    providerId: Type.Optional(uuid('Only uses by assets of this provider.')),
    keyAsset: Type.Optional(Type.Boolean({ description: 'Only uses by key assets (true) or by other assets (false).' })),
  },
  { additionalProperties: false },
);
const productUseCreateSchema = Type.Object({ assetId: uuid('The asset (of your own organisation).'), productId: uuid('The product.') }, { additionalProperties: false });

const reference = Type.Object({ id: Type.String(), code: Type.String(), nameNl: Type.String(), nameEn: Type.String() });
const scanSchema = Type.Object(
  {
    list: Type.Object({
      version: Type.String(),
      adoptedOn: Type.String(),
      reviewBy: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
      entries: Type.Array(Type.Object({ country: Type.String(), nameNl: Type.String(), nameEn: Type.String(), confirmed: Type.Boolean(), sources: Type.Array(Type.String()) })),
    }, { description: 'The high-risk country list the scan applied, with the source of every entry.' }),
    summary: Type.Object({ findings: Type.Integer(), inCore: Type.Integer(), flaggedProducts: Type.Integer(), keyAssetsAffected: Type.Integer() }),
    groups: Type.Array(
      Type.Object({
        sector: nullable(reference, 'Sector of the anchor asset’s process.'),
        process: nullable(reference, 'Vital process of the anchor asset.'),
        findings: Type.Array(
          Type.Object({
            level: Type.Unsafe<'core' | 'flagged'>({ type: 'string', enum: ['core', 'flagged'], description: '`core`: in the dependency closure of a key asset; `flagged`: used outside every such closure.' }),
            anchorAssetId: Type.String({ format: 'uuid', description: 'The key asset (or, for `flagged`, the using asset) the finding belongs to.' }),
            providerId: Type.String({ format: 'uuid' }),
            flaggedProductId: nullable(Type.String({ format: 'uuid' }), 'The flagged product; null when it is not visible to you.'),
            occurrences: Type.Integer({ description: 'How many (asset, product path) pairs in the closure lead to the flagged product; `chain` shows a shortest one.' }),
            chain: Type.Array(
              Type.Object({
                kind: Type.Unsafe<string>({ type: 'string', enum: ['key-asset', 'asset', 'product', 'component', 'vendor', 'manufacturer', 'country-rule'] }),
                id: nullable(Type.String(), 'Null where the record is not visible to you.'),
                code: nullable(Type.String(), 'Code of the record (ISO code for a country rule).'),
                name: nullable(Type.String(), 'Name of the record.'),
                note: Type.String({ description: 'How this link ties to the previous one.' }),
              }),
              { description: 'Evidence chain: key asset → suppliers → asset → product → components → vendor or manufacturer → country rule.' },
            ),
            rules: Type.Array(
              Type.Object({
                party: Type.Object({ role: Type.String(), id: Type.String(), code: Type.String(), name: Type.String() }),
                relation: Type.Unsafe<string>({ type: 'string', enum: ['established-in', 'controlled-from'] }),
                country: Type.String(),
                listVersion: Type.String(),
                confirmed: Type.Boolean(),
                sources: Type.Array(Type.String()),
              }),
            ),
            explanation: Type.String({ description: 'The chain in one sentence.' }),
          }),
        ),
      }),
    ),
  },
  { $id: 'HighRiskScan', additionalProperties: false },
);

/** The vendor register, products and their use, and the high-risk scan; every route calls one supply-chain use case. */
export function registerSupplyChainRoutes(app: FastifyInstance, services: Services) {
  const supplyChain = services.supplyChain;
  for (const schema of [vendorSchema, productSchema, productUseSchema, scanSchema]) app.addSchema(schema);
  const ref = (id: string) => Type.Ref(id);
  const tags = ['supply-chain'];
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;
  const split = (query: unknown) => {
    const { limit, offset, ...filters } = query as { limit: number; offset: number } & Record<string, unknown>;
    return { page: { limit, offset }, filters };
  };

  app.get('/vendors', { schema: { tags, summary: 'List vendors (filter by text, country, control, KvK number, LEI)', querystring: vendorQuery, response: { 200: listSchema(ref('Vendor')), ...problemResponses } } }, async (request) => {
    const { page, filters } = split(request.query);
    return supplyChain.listVendors(actorOf(request), filters as VendorFilters, page);
  });
  app.get('/vendors/:id', { schema: { tags, summary: 'Read a vendor', params: idParams, response: { 200: ref('Vendor'), ...problemResponses } } }, async (request) => supplyChain.getVendor(actorOf(request), idOf(request)));
  app.post('/vendors', { schema: { tags, summary: 'Register a vendor (administrator or coordinator); countries may be given as names', body: vendorCreateSchema, response: { 201: ref('Vendor'), ...problemResponses } } }, async (request, reply) =>
    reply.code(201).send(await supplyChain.createVendor(actorOf(request), request.body as VendorInput)),
  );
  app.patch('/vendors/:id', { schema: { tags, summary: 'Update a vendor (administrator or coordinator)', params: idParams, body: vendorPatchSchema, response: { 200: ref('Vendor'), ...problemResponses } } }, async (request) =>
    supplyChain.updateVendor(actorOf(request), idOf(request), request.body as VendorInput),
  );

  app.get('/products', { schema: { tags, summary: 'List the products you may see', querystring: productQuery, response: { 200: listSchema(ref('Product')), ...problemResponses } } }, async (request) => {
    const { page, filters } = split(request.query);
    return supplyChain.listProducts(actorOf(request), filters as ProductFilters, page);
  });
  app.get('/products/:id', { schema: { tags, summary: 'Read a product', params: idParams, response: { 200: ref('Product'), ...problemResponses } } }, async (request) => supplyChain.getProduct(actorOf(request), idOf(request)));
  app.post('/products', { schema: { tags, summary: 'Register a product with its vendor, manufacturer and components (administrator or coordinator)', body: productCreateSchema, response: { 201: ref('Product'), ...problemResponses } } }, async (request, reply) =>
    reply.code(201).send(await supplyChain.createProduct(actorOf(request), request.body as ProductInput)),
  );
  app.patch('/products/:id', { schema: { tags, summary: 'Update a product (administrator or coordinator)', params: idParams, body: productPatchSchema, response: { 200: ref('Product'), ...problemResponses } } }, async (request) =>
    supplyChain.updateProduct(actorOf(request), idOf(request), request.body as ProductInput),
  );

  app.get('/product-uses', { schema: { tags, summary: 'Where products are used, with the asset’s key-asset flag', querystring: productUseQuery, response: { 200: listSchema(ref('ProductUse')), ...problemResponses } } }, async (request) => {
    const { page, filters } = split(request.query);
    return supplyChain.listProductUses(actorOf(request), filters as ProductUseFilters, page);
  });
  app.post('/product-uses', { schema: { tags, summary: 'Record that one of your assets uses a product', body: productUseCreateSchema, response: { 201: ref('ProductUse'), ...problemResponses } } }, async (request, reply) =>
    reply.code(201).send(await supplyChain.createProductUse(actorOf(request), request.body as { assetId: string; productId: string })),
  );

  app.get(
    '/scan/high-risk',
    {
      schema: {
        tags,
        summary: 'Products from high-risk countries in the core of the vital infrastructure, grouped by sector and process, each with its evidence chain',
        querystring: Type.Object({ listVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Version of the high-risk country list (default: the newest).' })) }, { additionalProperties: false }),
        response: { 200: ref('HighRiskScan'), ...problemResponses },
      },
    },
    async (request) => supplyChain.scanHighRisk(actorOf(request), request.query as { listVersion?: string }),
  );
}
