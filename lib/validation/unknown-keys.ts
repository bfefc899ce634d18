import type { ZodType } from "zod";

// A REST body's fields the schema does not know. Zod's objects drop unknown keys, so a mis-shaped request
// (the job's settings at the top level instead of under "settings", "budget" for "budgetUsd", "instrution")
// was taken with its defaults in their place: a job started with no budget cap, an edit lost without a word.
// The API refuses them instead; forms and the CLI build their input from the schema's own fields.

type Def = {
  type: string;
  shape?: Record<string, ZodType>;
  catchall?: ZodType;
  innerType?: ZodType;
  in?: ZodType;
  out?: ZodType;
  element?: ZodType;
};

const defOf = (schema: ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema that reads the value's shape: wrappers (default, optional, catch, a preprocess) looked through. */
function shapeSchema(schema: ZodType): ZodType | null {
  let s: ZodType | undefined = schema;
  for (let depth = 0; s && depth < 20; depth++) {
    const def = defOf(s);
    switch (def.type) {
      case "object":
      case "array":
        return s;
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "catch":
      case "readonly":
      case "nonoptional":
        s = def.innerType;
        break;
      case "pipe":
        // z.preprocess(fn, schema) is a pipe from a transform: the value's shape is read by the schema after it
        s = def.in && defOf(def.in).type === "transform" ? def.out : def.in;
        break;
      default:
        return null; // unions, records, transforms...: not checked
    }
  }
  return null;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Paths ("settings.budget") of the keys in `value` that `schema`'s objects do not declare. */
export function unknownKeys(schema: ZodType, value: unknown, path: string[] = []): string[] {
  const s = shapeSchema(schema);
  if (!s) return [];
  const def = defOf(s);
  if (def.type === "array") {
    if (!Array.isArray(value) || !def.element) return [];
    return value.flatMap((item, i) => unknownKeys(def.element as ZodType, item, [...path, String(i)]));
  }
  if (!isPlainObject(value) || !def.shape) return [];
  // A catch-all that takes anything (passthrough, z.record-like objects) declares every key.
  const open = def.catchall !== undefined && defOf(def.catchall).type !== "never";
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    // own keys only: "constructor" or "__proto__" in a body is an unknown field, not Object's property
    const field = Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
    if (!field) {
      if (!open) found.push([...path, key].join("."));
      continue;
    }
    found.push(...unknownKeys(field, item, [...path, key]));
  }
  return found;
}

/** The refusal's wording: which fields, and what their object takes instead. */
export function unknownKeysMessage(schema: ZodType, paths: string[]): string {
  const first = paths[0] ?? "";
  const parent = first.includes(".") ? first.slice(0, first.lastIndexOf(".")) : "";
  const known = knownKeys(schema, parent ? parent.split(".") : []);
  const where = parent ? `"${parent}"` : "this endpoint's body";
  const takes = known.length ? `${where} takes ${known.join(", ")}` : `${where} takes no fields`;
  return `Unknown field${paths.length > 1 ? "s" : ""} ${paths.map((p) => `"${p}"`).join(", ")}: ${takes}. Nothing was done.`;
}

function knownKeys(schema: ZodType, path: string[]): string[] {
  let s = shapeSchema(schema);
  for (const key of path) {
    if (!s) return [];
    const def = defOf(s);
    // an array's key is an index; own keys only, as above
    const next =
      def.type === "array"
        ? def.element
        : def.shape && Object.hasOwn(def.shape, key)
          ? def.shape[key]
          : undefined;
    s = next ? shapeSchema(next) : null;
  }
  return s && defOf(s).type === "object" ? Object.keys(defOf(s).shape ?? {}) : [];
}
