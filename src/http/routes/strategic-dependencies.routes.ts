import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { dataAccessLevels, networkAccessLevels, procurementRiskTypes, type AnalysisInput } from '../../domain/procurement.ts';
import { notificationStatuses, ownershipChangeKinds } from '../../domain/investment-screening.ts';
import type { Services } from '../../services/index.ts';
import type { OwnershipChangeFilters, OwnershipChangeInput, OwnershipChangePatch } from '../../services/investment-screening.service.ts';
import type { ProcurementFilters, ProcurementInput } from '../../services/procurement.service.ts';
import type { SubstitutabilityInput } from '../../services/concentration.service.ts';
import { productKinds } from '../../services/supply-chain.service.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const nullable = (schema: TSchema, description?: string) => Type.Union([schema, Type.Null()], description ? { description } : {});
const uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const timestamp = Type.String({ format: 'date-time' });
const date = (description: string) => Type.String({ format: 'date', description });
const text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const percent = (description: string) => Type.Number({ minimum: 0, maximum: 100, description });
const anyJson = (description: string) => Type.Unsafe<unknown>({ description });

/* Concentration and substitutability */
const reference = Type.Object({ id: Type.String(), code: Type.String(), nameNl: Type.String(), nameEn: Type.String() });
const productRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), kind: Type.String(), vendorId: Type.String() });
const vendorRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), country: Type.String(), controlledFromCountry: nullable(Type.String()) });
const dependenceSchema = Type.Object(
  {
    vendor: vendorRef,
    controlledVendors: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), { description: 'Vendors it controls down its ownership chain; their products count too.' }),
    totals: Type.Object({ providers: Type.Integer(), processes: Type.Integer(), sectors: Type.Integer(), assets: Type.Integer(), keyAssets: Type.Integer() }, { description: 'Over the product uses you may see.' }),
    processes: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), nameNl: Type.String(), nameEn: Type.String(), sectorId: Type.String(), providers: Type.Integer() })),
    sectors: Type.Array(reference),
    products: Type.Array(
      Type.Object({
        product: productRef,
        vendorProducts: Type.Array(productRef, { description: 'The vendor’s products this used product is or holds.' }),
        direct: Type.Boolean({ description: 'The used product is itself the vendor’s (not only a component of it).' }),
        assets: Type.Integer(),
        keyAssets: Type.Integer(),
        providers: Type.Integer(),
      }),
      { description: 'Through which products: each product used by an asset, most assets first.' },
    ),
  },
  { $id: 'VendorDependence', additionalProperties: false },
);
const rankingSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        vendorId: Type.String(),
        code: Type.String(),
        name: Type.String(),
        country: Type.String(),
        controlledFromCountry: nullable(Type.String()),
        providers: Type.Integer(),
        processes: Type.Integer(),
        sectors: Type.Integer(),
        assets: Type.Integer(),
        keyAssets: Type.Integer(),
      }),
    ),
  },
  { $id: 'VendorDependenceRanking', additionalProperties: false },
);
const substitutabilitySchema = Type.Object(
  {
    id: Type.String(),
    assetClass: nullable(Type.String(), 'The asset class (an asset’s type, else its kind) the entry is for.'),
    productId: nullable(Type.String(), 'The product the entry is for.'),
    qualifiedAlternatives: Type.Integer(),
    switchMonths: Type.Number({ description: 'Time to switch to an alternative, in months.' }),
    source: Type.String(),
    confirmed: Type.Boolean(),
    note: nullable(Type.String()),
    updatedByUserId: nullable(Type.String()),
    updatedAt: timestamp,
  },
  { $id: 'Substitutability', additionalProperties: false },
);
const substitutabilityBody = Type.Object(
  {
    qualifiedAlternatives: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Alternatives qualified for use in the vital infrastructure.' }),
    switchMonths: Type.Number({ minimum: 0, maximum: 600, description: 'Time to switch, in months.' }),
    source: text(2000, 'Where the figures come from.'),
    confirmed: Type.Optional(Type.Boolean({ description: 'Whether the source confirms them (default false).' })),
    note: Type.Optional(nullable(text(4000))),
  },
  { additionalProperties: false },
);
const concentrationSchema = Type.Object(
  {
    bands: Type.Object({ moderate: Type.Number(), high: Type.Number() }, { description: 'HHI bands (data/reference/concentration.json).' }),
    source: Type.String(),
    confirmed: Type.Boolean(),
    items: Type.Array(
      Type.Object({
        assetClass: Type.String(),
        totalUses: Type.Integer({ description: 'Assets of the class using a product (per vendor, counted once).' }),
        vendors: Type.Integer(),
        hhi: Type.Number({ description: 'Herfindahl-Hirschman index, 0–10 000.' }),
        level: enumOf(['unconcentrated', 'moderate', 'high'] as const),
        shares: Type.Array(Type.Object({ vendorId: Type.String(), uses: Type.Integer(), sharePercent: Type.Number(), vendor: vendorRef })),
        substitutability: nullable(Type.Ref('Substitutability')),
      }),
    ),
  },
  { $id: 'AssetClassConcentration', additionalProperties: false },
);

/* Procurement */
const quickscanAnswers = Type.Object(
  {
    dataAccess: enumOf(dataAccessLevels, 'Which data the supplier gets access to.'),
    networkAccess: enumOf(networkAccessLevels, 'How far the supplier reaches into the networks.'),
    physicalAccess: Type.Boolean({ description: 'Whether the supplier gets physical access to sites.' }),
    qualifiedAlternatives: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Qualified alternatives; default: the substitutability data of the product or the asset’s class.' })),
  },
  { additionalProperties: false },
);
const reasonSchema = Type.Object({ code: Type.String(), riskTypes: Type.Array(Type.String()), text: Type.String() });
const procurementSchema = Type.Object(
  {
    id: Type.String(),
    buyerOrgId: Type.String(),
    title: Type.String(),
    description: nullable(Type.String()),
    purchaseKind: Type.String(),
    vendorId: nullable(Type.String()),
    productId: nullable(Type.String()),
    assetId: nullable(Type.String()),
    processId: nullable(Type.String()),
    quickscan: anyJson('The quickscan answers as given.'),
    outcome: Type.Object(
      {
        fullAnalysisRequired: Type.Boolean(),
        reasons: Type.Array(reasonSchema, { description: 'Every trigger that fired; empty when no full analysis is needed.' }),
        facts: anyJson('The facts the rule used (derived and stated).'),
        derived: anyJson('What Vitaal derived: asset criticality, vendor and manufacturer with countries, country-list matches, alternatives and their source.'),
        rules: anyJson('The quickscan parameters applied, with their source and whether confirmed.'),
      },
      { description: 'The quickscan rule’s decision with its reasons.' },
    ),
    fullAnalysisRequired: Type.Boolean(),
    status: enumOf(['quickscan', 'analysis', 'decided'] as const),
    analysis: anyJson('The full analysis: risks with measures, scores per criterion, and the result with national security’s weight (null until recorded).'),
    decision: nullable(Type.String()),
    decisionRationale: nullable(Type.String()),
    decidedAt: nullable(timestamp),
    createdByUserId: nullable(Type.String()),
    createdAt: timestamp,
    updatedAt: timestamp,
    cycleLinks: Type.Optional(Type.Array(Type.Object({ inputId: Type.String(), cycleId: Type.String(), linkedAt: timestamp }), { description: 'Resilience analyses (cycles) the result is linked into.' })),
  },
  { $id: 'ProcurementAssessment', additionalProperties: false },
);
const procurementCreate = Type.Object(
  {
    buyerOrgId: Type.Optional(uuid('The buying organisation (default: yours).')),
    title: text(300),
    description: Type.Optional(text(8000)),
    purchaseKind: enumOf(productKinds, 'What is bought.'),
    vendorId: Type.Optional(uuid('The vendor (default: the product’s).')),
    productId: Type.Optional(uuid('The product, when it is in the register.')),
    assetId: Type.Optional(uuid('The asset the purchase is for (its criticality counts).')),
    processId: Type.Optional(uuid('The vital process (default: the asset’s).')),
    quickscan: quickscanAnswers,
  },
  { additionalProperties: false },
);
const analysisBody = Type.Object(
  {
    risks: Type.Array(
      Type.Object(
        {
          riskType: enumOf(procurementRiskTypes),
          description: text(4000),
          likelihood: Type.Integer({ minimum: 1, maximum: 5 }),
          impact: Type.Integer({ minimum: 1, maximum: 5 }),
          measures: Type.Array(Type.Object({ description: text(4000), status: enumOf(['proposed', 'agreed', 'in-contract'] as const) }, { additionalProperties: false }), { maxItems: 100 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
    scores: Type.Record(Type.String(), Type.Number({ minimum: 0, maximum: 10 }), { description: 'Score 0–10 per criterion key of GET /procurement-assessments/criteria.' }),
  },
  { additionalProperties: false },
);
const criteriaSchema = Type.Object(
  {
    source: Type.String(),
    confirmed: Type.Boolean(),
    criteria: Type.Array(Type.Object({ key: Type.String(), nameNl: Type.String(), nameEn: Type.String(), weight: Type.Number() })),
    quickscan: Type.Object({ minQualifiedAlternatives: Type.Integer(), trustedJurisdictions: Type.Array(Type.String()) }),
    highRiskScore: Type.Number(),
  },
  { $id: 'ProcurementCriteria', additionalProperties: false },
);

/* Investment screening */
const ownershipChangeSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    targetOrgId: nullable(Type.String()),
    targetVendorId: nullable(Type.String()),
    acquirerName: Type.String(),
    acquirerVendorId: nullable(Type.String()),
    acquirerCountry: Type.String(),
    acquirerControlledFromCountry: nullable(Type.String()),
    stakeBeforePercent: nullable(Type.Number()),
    stakePercent: Type.Number(),
    gainsControl: Type.Boolean(),
    occurredOn: Type.String({ format: 'date' }),
    description: nullable(Type.String()),
    source: nullable(Type.String()),
    screening: Type.Object(
      {
        flagged: Type.Boolean(),
        flags: Type.Array(Type.String()),
        changeOfControl: Type.Boolean(),
        significantInfluenceCrossed: Type.Array(Type.Number()),
        notificationDuty: Type.String(),
        reasons: Type.Array(Type.String()),
        reference: anyJson('The Vifo facts applied, with their source and whether confirmed.'),
        countryListVersion: Type.String(),
        screenedAt: Type.String(),
      },
      { description: 'The screening as of the last registration or update.' },
    ),
    flagged: Type.Boolean(),
    notificationDuty: enumOf(['required', 'to-assess', 'not-required'] as const),
    notificationStatus: enumOf(notificationStatuses),
    notifiedOn: nullable(Type.String({ format: 'date' })),
    decidedOn: nullable(Type.String({ format: 'date' })),
    registeredByOrgId: nullable(Type.String()),
    createdByUserId: nullable(Type.String()),
    createdAt: timestamp,
    updatedAt: timestamp,
  },
  { $id: 'OwnershipChange', additionalProperties: false },
);
const countryText = Type.String({ minLength: 2, maxLength: 100, description: 'An ISO 3166-1 code or the country’s name.' });
const ownershipChangeCreate = Type.Object(
  {
    kind: enumOf(ownershipChangeKinds),
    targetOrgId: Type.Optional(uuid('The provider acquired or invested in.')),
    targetVendorId: Type.Optional(uuid('The vendor acquired or invested in.')),
    acquirerName: text(300),
    acquirerVendorId: Type.Optional(uuid('The acquirer, when it is in the vendor register.')),
    acquirerCountry: Type.Optional(countryText),
    acquirerControlledFromCountry: Type.Optional(nullable(countryText)),
    stakeBeforePercent: Type.Optional(nullable(percent('The acquirer’s stake before.'))),
    stakePercent: percent('The acquirer’s stake after.'),
    gainsControl: Type.Optional(Type.Boolean({ description: 'The change gives the acquirer control, whatever the stake.' })),
    occurredOn: date('When the change took (or takes) effect.'),
    description: Type.Optional(nullable(text(8000))),
    source: Type.Optional(nullable(text(2000))),
  },
  { additionalProperties: false },
);
const ownershipChangePatch = Type.Object(
  {
    notificationStatus: Type.Optional(enumOf(notificationStatuses)),
    notifiedOn: Type.Optional(nullable(date('When it was notified to the BTI.'))),
    decidedOn: Type.Optional(nullable(date('When the BTI decided.'))),
    description: Type.Optional(nullable(text(8000))),
    source: Type.Optional(nullable(text(2000))),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Concentration and substitutability, procurement risk assessments and investment screening (issue 5 items 5–7). */
export function registerStrategicDependencyRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [dependenceSchema, rankingSchema, substitutabilitySchema, concentrationSchema, procurementSchema, criteriaSchema, ownershipChangeSchema]) app.addSchema(schema);
  const ref = (id: string) => Type.Ref(id);
  const idOf = (request: { params: unknown }) => (request.params as { id: string }).id;
  const split = (query: unknown) => {
    const { limit, offset, ...filters } = query as { limit: number; offset: number } & Record<string, unknown>;
    return { page: { limit, offset }, filters };
  };
  const { concentration, procurement, investmentScreening } = services;

  let tags = ['strategic-dependencies'];
  app.get('/vendors/:id/dependence', { schema: { tags, summary: 'Who depends on a vendor (and the vendors it controls): providers, processes, sectors, and through which products', params: idParams, response: { 200: ref('VendorDependence'), ...problemResponses } } }, async (request) =>
    concentration.vendorDependence(actorOf(request), idOf(request)),
  );
  app.get(
    '/concentration/vendors',
    { schema: { tags, summary: 'Vendors ranked by the providers that depend on them', querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })) }, { additionalProperties: false }), response: { 200: ref('VendorDependenceRanking'), ...problemResponses } } },
    async (request) => concentration.vendorRanking(actorOf(request), (request.query as { limit: number }).limit),
  );
  app.get('/concentration/asset-classes', { schema: { tags, summary: 'Market concentration (HHI) per asset class, with alternatives and time to switch', response: { 200: ref('AssetClassConcentration'), ...problemResponses } } }, async (request) =>
    concentration.assetClassConcentration(actorOf(request)),
  );
  app.get('/substitutability', { schema: { tags, summary: 'Recorded qualified alternatives and switching times', response: { 200: Type.Object({ items: Type.Array(ref('Substitutability')) }), ...problemResponses } } }, async (request) =>
    concentration.listSubstitutability(actorOf(request)),
  );
  app.put(
    '/substitutability/asset-classes/:assetClass',
    { schema: { tags, summary: 'Record the alternatives and time to switch of an asset class (administrator or coordinator)', params: Type.Object({ assetClass: text(100) }), body: substitutabilityBody, response: { 200: ref('Substitutability'), ...problemResponses } } },
    async (request) => concentration.putSubstitutability(actorOf(request), { assetClass: (request.params as { assetClass: string }).assetClass }, request.body as SubstitutabilityInput),
  );
  app.put(
    '/substitutability/products/:id',
    { schema: { tags, summary: 'Record the alternatives and time to switch of a product (administrator or coordinator)', params: idParams, body: substitutabilityBody, response: { 200: ref('Substitutability'), ...problemResponses } } },
    async (request) => concentration.putSubstitutability(actorOf(request), { productId: idOf(request) }, request.body as SubstitutabilityInput),
  );

  tags = ['procurement'];
  app.get('/procurement-assessments/criteria', { schema: { tags, summary: 'The weighted criteria (national security’s weight visible) and quickscan parameters, with their source', response: { 200: ref('ProcurementCriteria'), ...problemResponses } } }, async () =>
    procurement.reference(),
  );
  app.get(
    '/procurement-assessments',
    {
      schema: {
        tags,
        summary: 'Procurement risk assessments you may see',
        querystring: Type.Object(
          { ...pageQuery, buyerOrgId: Type.Optional(uuid()), status: Type.Optional(enumOf(['quickscan', 'analysis', 'decided'] as const)), fullAnalysisRequired: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: listSchema(ref('ProcurementAssessment')), ...problemResponses },
      },
    },
    async (request) => {
      const { page, filters } = split(request.query);
      return procurement.list(actorOf(request), filters as ProcurementFilters, page);
    },
  );
  app.post('/procurement-assessments', { schema: { tags, summary: 'Start an assessment of a planned purchase with its quickscan (the buying provider or ministry)', body: procurementCreate, response: { 201: ref('ProcurementAssessment'), ...problemResponses } } }, async (request, reply) =>
    reply.code(201).send(await procurement.create(actorOf(request), request.body as ProcurementInput)),
  );
  app.get('/procurement-assessments/:id', { schema: { tags, summary: 'Read an assessment, with the cycles it is linked into', params: idParams, response: { 200: ref('ProcurementAssessment'), ...problemResponses } } }, async (request) =>
    procurement.get(actorOf(request), idOf(request)),
  );
  app.put('/procurement-assessments/:id/analysis', { schema: { tags, summary: 'Record the full risk analysis: risks, measures and a score per criterion', params: idParams, body: analysisBody, response: { 200: ref('ProcurementAssessment'), ...problemResponses } } }, async (request) =>
    procurement.putAnalysis(actorOf(request), idOf(request), request.body as AnalysisInput),
  );
  app.post(
    '/procurement-assessments/:id/decision',
    {
      schema: {
        tags,
        summary: 'Decide the purchase (refused while a required analysis is missing)',
        params: idParams,
        body: Type.Object({ decision: enumOf(['proceed', 'proceed-with-measures', 'do-not-proceed'] as const), rationale: text(8000) }, { additionalProperties: false }),
        response: { 200: ref('ProcurementAssessment'), ...problemResponses },
      },
    },
    async (request) => procurement.decide(actorOf(request), idOf(request), request.body as { decision: 'proceed'; rationale: string }),
  );
  app.post(
    '/procurement-assessments/:id/cycle-links',
    {
      schema: {
        tags,
        summary: 'Link the result into the resilience analysis of the process (the ministry running the cycle)',
        params: idParams,
        body: Type.Object({ cycleId: uuid('A cycle of the purchase’s vital process.'), note: Type.Optional(text(4000)) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), kind: Type.String(), title: Type.String(), reference: nullable(Type.String()), vendorId: nullable(Type.String()), note: nullable(Type.String()), linkedByUserId: nullable(Type.String()), linkedAt: timestamp }), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await procurement.linkToCycle(actorOf(request), idOf(request), request.body as { cycleId: string; note?: string })),
  );

  tags = ['investment-screening'];
  app.get(
    '/ownership-changes',
    {
      schema: {
        tags,
        summary: 'Acquisitions, investments and ownership changes you may see',
        querystring: Type.Object(
          {
            ...pageQuery,
            flagged: Type.Optional(Type.Boolean()),
            notificationDuty: Type.Optional(enumOf(['required', 'to-assess', 'not-required'] as const)),
            notificationStatus: Type.Optional(enumOf(notificationStatuses)),
            targetOrgId: Type.Optional(uuid()),
            targetVendorId: Type.Optional(uuid()),
          },
          { additionalProperties: false },
        ),
        response: { 200: listSchema(ref('OwnershipChange')), ...problemResponses },
      },
    },
    async (request) => {
      const { page, filters } = split(request.query);
      return investmentScreening.list(actorOf(request), filters as OwnershipChangeFilters, page);
    },
  );
  app.post('/ownership-changes', { schema: { tags, summary: 'Register an ownership change; it is screened (flags, notification duty) at once', body: ownershipChangeCreate, response: { 201: ref('OwnershipChange'), ...problemResponses } } }, async (request, reply) =>
    reply.code(201).send(await investmentScreening.create(actorOf(request), request.body as OwnershipChangeInput)),
  );
  app.get('/ownership-changes/:id', { schema: { tags, summary: 'Read an ownership change with its screening', params: idParams, response: { 200: ref('OwnershipChange'), ...problemResponses } } }, async (request) =>
    investmentScreening.get(actorOf(request), idOf(request)),
  );
  app.patch('/ownership-changes/:id', { schema: { tags, summary: 'Record the notification status and dates; the change is screened again', params: idParams, body: ownershipChangePatch, response: { 200: ref('OwnershipChange'), ...problemResponses } } }, async (request) =>
    investmentScreening.update(actorOf(request), idOf(request), request.body as OwnershipChangePatch),
  );
}
