import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { cerOutcomes, classifyEntity, nis2Outcomes, scopingFlags, sectorKeys } from '../../domain/scoping.ts';
import { problemResponses } from '../schemas.ts';

const enumOf = <T extends string>(values: readonly T[], description: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** The organisation to classify; the CLI (`vitaal classify --input FILE`) validates its file with the same schema. */
export const classifyBodySchema = Type.Object(
  {
    sector: enumOf(sectorKeys, 'NIS2 Annex I or II sector (and subsector) in kebab-case joined by a dot; `other` outside the annexes.'),
    employees: Type.Number({ minimum: 0, description: 'Headcount in annual work units.' }),
    turnoverEur: Type.Number({ minimum: 0, description: 'Annual turnover in euro.' }),
    balanceSheetEur: Type.Number({ minimum: 0, description: 'Annual balance-sheet total in euro.' }),
    flags: Type.Optional(Type.Array(enumOf(scopingFlags, 'A fact that decides scope regardless of size.'), { uniqueItems: true, description: 'Facts that decide scope regardless of size (none when absent).' })),
  },
  { additionalProperties: false },
);
export type ClassifyBody = Static<typeof classifyBodySchema>;

export const classificationSchema = Type.Object(
  {
    nis2: enumOf(nis2Outcomes, 'NIS2 art. 3: essential, important, or out of scope.'),
    cer: enumOf(cerOutcomes, 'CER art. 6 and 17.'),
    reasons: Type.Array(
      Type.Object({
        regime: enumOf(['nis2', 'cer', 'size'] as const, 'The rule set the reason belongs to.'),
        basis: Type.String({ description: 'The article the reason rests on, e.g. "NIS2 art. 3(1)(a)".' }),
        text: Type.String(),
      }),
    ),
  },
  { $id: 'Classification', additionalProperties: false },
);

/** NIS2 and CER classification of an organisation (pure rules, no state): any signed-in user may ask. */
export function registerScopingRoutes(app: FastifyInstance) {
  app.addSchema(classificationSchema);
  app.post(
    '/scoping/classify',
    {
      schema: {
        tags: ['duties'],
        summary: 'Classify an organisation under NIS2 (essential, important, out of scope) and CER, with every reason and its article',
        body: classifyBodySchema,
        response: { 200: Type.Ref('Classification'), ...problemResponses },
      },
    },
    async (request) => {
      const body = request.body as ClassifyBody;
      const { nis2, cer, reasons } = classifyEntity({ ...body, flags: body.flags ?? [] });
      return { nis2, cer, reasons };
    },
  );
}
