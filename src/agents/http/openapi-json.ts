// Helpers shared by the parts of the OpenAPI document: bodies and query parameters come from the zod
// schemas the handlers validate with, so the document cannot drift from them.
import { z } from 'zod';

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export const json = (schema: z.ZodType) => ({
  content: { 'application/json': { schema: schemaOf(schema) } },
});

export const ref = (name: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
});

export const error = (description: string) => ({ description, ...ref('Error') });

/** One `in: query` parameter per field of a zod object, with its description. */
export function queryParams(schema: z.ZodObject) {
  return Object.entries(schema.shape).map(([name, field]) => {
    const s = schemaOf(field as z.ZodType) as Record<string, unknown>;
    const { description, ...rest } = s;
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}
