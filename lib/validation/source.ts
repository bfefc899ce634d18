import { z } from "zod";
import { canonicalLicence, NO_ASSERTION } from "@/lib/model/licences";
import { SOURCE_KINDS } from "@/lib/model/source-kinds";

// Provenance: one schema for seeds now and test items later (spread `sourceFieldsShape` into an object
// schema, or use `sourceSchema`), shared by the editor, the server, the API, the importer and the CLI.

export const SOURCE_LIMITS = { citation: 1_000, citationUrl: 2_000 } as const;

/**
 * Empty means "none"; otherwise an absolute http(s) URL (no javascript:, data:, file: or relative links). An
 * address typed without its scheme ("www.nice.org.uk/guidance/ng28", "doi.org/10.1/x") is taken as https: it is
 * what a person means, and refusing it would hold up the whole autosave over one field.
 */
export const citationUrlSchema = z
  .string()
  .trim()
  .overwrite((v) => (/^[a-z0-9-]+(\.[a-z0-9-]+)+(?::\d+)?(?:[/?#]\S*)?$/i.test(v) ? `https://${v}` : v))
  .max(SOURCE_LIMITS.citationUrl, {
    error: `Citation URL is too long: at most ${SOURCE_LIMITS.citationUrl} characters`,
  })
  .refine(
    (v) => {
      if (v === "") return true;
      try {
        const url = new URL(v);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      } catch {
        return false;
      }
    },
    { error: "Citation URL must be a full http:// or https:// address, e.g. https://doi.org/10.1000/xyz" },
  );

/** An SPDX id (any case, stored in SPDX's spelling), "internal" or NOASSERTION. */
export const licenceSchema = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const id = canonicalLicence(v);
    if (id) return id;
    ctx.issues.push({
      code: "custom",
      input: v,
      message: `"${v}" is not a licence MedSeed knows: use an SPDX id such as CC-BY-4.0, CC-BY-NC-4.0 or MIT, "internal" for text written in-house, or NOASSERTION when it is not known`,
    });
    return z.NEVER;
  });

export const sourceKindSchema = z.enum(SOURCE_KINDS, {
  error: `Source kind must be one of ${SOURCE_KINDS.join(", ")}`,
});

/** The provenance fields with their defaults: a record that says nothing claims nothing (UNKNOWN, NOASSERTION). */
export const sourceFieldsShape = {
  sourceKind: sourceKindSchema.default("UNKNOWN"),
  citation: z
    .string()
    .trim()
    .max(SOURCE_LIMITS.citation, {
      error: `Citation is too long: at most ${SOURCE_LIMITS.citation} characters`,
    })
    .default(""),
  citationUrl: citationUrlSchema.default(""),
  licence: licenceSchema.default(NO_ASSERTION),
  adapted: z
    .preprocess(
      (v) => (v === "true" || v === "on" ? true : v === "false" || v === "" ? false : v),
      z.boolean({ error: "Adapted must be true or false" }),
    )
    .default(false),
};

export const sourceSchema = z.object(sourceFieldsShape);
export type SourceFields = z.output<typeof sourceSchema>;

export const SOURCE_FIELDS = ["sourceKind", "citation", "citationUrl", "licence", "adapted"] as const;

/** Provenance for a whole file (import preview, CLI flags): every field optional, set ones override the rows'. */
export const sourceOverrideSchema = z
  .object({
    sourceKind: sourceKindSchema,
    citation: sourceFieldsShape.citation.unwrap(),
    citationUrl: citationUrlSchema,
    licence: licenceSchema,
    adapted: sourceFieldsShape.adapted.unwrap(),
  })
  .partial();
export type SourceOverride = z.output<typeof sourceOverrideSchema>;

/** What a record that says nothing about its source gets. */
export const UNKNOWN_SOURCE: SourceFields = {
  sourceKind: "UNKNOWN",
  citation: "",
  citationUrl: "",
  licence: NO_ASSERTION,
  adapted: false,
};
