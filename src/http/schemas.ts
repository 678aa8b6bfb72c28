import { Type, type ObjectOptions, type TSchema } from '@sinclair/typebox';
import type { FieldSpec, FieldType, ResourceSpec } from '../services/registry/resources.ts';
import { updatableFields, writableFields } from '../services/registry/resources.ts';
import { maxPageSize } from '../services/registry/registry.service.ts';

/** JSON Schemas of the registry API, derived from the resource specs. */
function schemaOfType(type: FieldType, description: string): TSchema {
  switch (type.kind) {
    case 'string':
      return Type.String({ description, minLength: 1, ...(type.maxLength ? { maxLength: type.maxLength } : {}), ...(type.pattern ? { pattern: type.pattern } : {}), ...(type.format ? { format: type.format } : {}) });
    case 'enum':
      return Type.Unsafe<string>({ type: 'string', enum: [...type.values], description });
    case 'integer':
      return Type.Integer({ description, minimum: type.minimum ?? -2_147_483_648, maximum: type.maximum ?? 2_147_483_647 });
    case 'number':
      return Type.Number({ description, ...(type.minimum !== undefined ? { minimum: type.minimum } : {}), ...(type.maximum !== undefined ? { maximum: type.maximum } : {}) });
    case 'boolean':
      return Type.Boolean({ description });
    case 'string-list':
      return Type.Array(type.values ? Type.Unsafe<string>({ type: 'string', enum: [...type.values] }) : Type.String(), { description });
    case 'reference':
      return Type.String({ format: 'uuid', description });
    case 'timestamp':
      return Type.String({ format: 'date-time', description });
  }
}

const schemaOfField = (field: FieldSpec) => {
  const schema = schemaOfType(field.type, field.description);
  return field.nullable ? Type.Union([schema, Type.Null()], { description: field.description }) : schema;
};

/** JSON type of a stored value, without the input constraints (output is not validated, only serialised). */
const outputTypeOf = (type: FieldType): string =>
  ({ string: 'string', enum: 'string', integer: 'integer', number: 'number', boolean: 'boolean', 'string-list': 'array', reference: 'string', timestamp: 'string' })[type.kind];

function outputSchemaOf(field: FieldSpec): TSchema {
  const type = outputTypeOf(field.type);
  return Type.Unsafe({
    type: field.nullable ? [type, 'null'] : type,
    description: field.description,
    ...(type === 'array' ? { items: { type: 'string' } } : {}),
    ...(field.type.kind === 'timestamp' ? { format: 'date-time' } : {}),
    ...(field.type.kind === 'reference' ? { format: 'uuid' } : {}),
    ...(field.type.kind === 'enum' ? { enum: field.nullable ? [...field.type.values, null] : field.type.values } : {}),
  });
}

export const recordSchema = (spec: ResourceSpec) =>
  Type.Object(
    { id: Type.String({ format: 'uuid' }), ...Object.fromEntries(spec.fields.map((field) => [field.name, outputSchemaOf(field)])) },
    { $id: `${pascal(spec.noun)}`, additionalProperties: false },
  );

export const createBodySchema = (spec: ResourceSpec) =>
  Type.Object(
    Object.fromEntries(writableFields(spec).map((field) => [field.name, field.required ? schemaOfType(field.type, field.description) : Type.Optional(schemaOfField(field))])),
    { additionalProperties: false },
  );

export const patchBodySchema = (spec: ResourceSpec) =>
  Type.Object(Object.fromEntries(updatableFields(spec).map((field) => [field.name, Type.Optional(schemaOfField(field))])), { additionalProperties: false, minProperties: 1 });

export const pageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPageSize, default: 50, description: 'Page size.' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'Records to skip.' })),
};

export const listQuerySchema = (spec: ResourceSpec) =>
  Type.Object(
    {
      ...pageQuery,
      ...Object.fromEntries(
        spec.filters.map((filter) => {
          const field = spec.fields.find((candidate) => candidate.name === filter.field) as FieldSpec;
          return [filter.name, Type.Optional(schemaOfType(field.type, filter.description))];
        }),
      ),
    },
    { additionalProperties: false },
  );

export const listSchema = (item: TSchema, options?: ObjectOptions) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }, options);

export const idParams = Type.Object({ id: Type.String({ description: 'UUID of the record.' }) });

export const problemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code, see docs/errors.md.' }),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem' },
);

/** Error responses every authenticated route can give. */
export const problemResponses = Object.fromEntries([400, 401, 403, 404, 409, 429].map((status) => [status, Type.Ref('Problem')]));

function pascal(kebab: string) {
  return kebab.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}
