import { z } from "zod";

// PATCH bodies built from a draft schema: every field optional, and absent stays absent. The draft schemas'
// defaults ("" or null) would otherwise turn "not sent" into "clear this field" (a PATCH of the instruction
// alone wiped the rest).

/** `schema` without its default (also a default inside the input side of a transform). */
function withoutDefault(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault) return schema.unwrap() as z.ZodType;
  if (schema instanceof z.ZodPipe && schema.in instanceof z.ZodDefault) {
    return z.pipe(schema.in.unwrap() as z.ZodType, schema.out as z.ZodType);
  }
  return schema;
}

/** The fields of a draft schema's shape, each optional and without its default. */
export function patchShape(shape: Record<string, z.ZodType>): Record<string, z.ZodOptional<z.ZodType>> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, withoutDefault(field).optional()]),
  );
}
