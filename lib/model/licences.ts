import spdxIds from "spdx-license-ids/index.json";

// The licences a seed (or test item) can carry: an SPDX identifier (the `spdx-license-ids` package, the SPDX
// list's current ids), "internal" (written in-house, not licensed to anyone) or NOASSERTION (SPDX's own word
// for "nobody said": tasks written before provenance was recorded, imported files that did not say).
// Client-safe.

export const INTERNAL_LICENCE = "internal";
export const NO_ASSERTION = "NOASSERTION";

/** Offered first: the licences medical text and datasets usually carry. */
export const COMMON_LICENCES = [
  "CC-BY-4.0",
  "CC-BY-SA-4.0",
  "CC-BY-NC-4.0",
  "CC-BY-NC-SA-4.0",
  "CC-BY-NC-ND-4.0",
  "CC-BY-ND-4.0",
  "CC0-1.0",
  "MIT",
  "Apache-2.0",
  "ODC-By-1.0",
  "ODbL-1.0",
  "PDDL-1.0",
  "CDLA-Permissive-2.0",
] as const;

export const SPDX_LICENCE_IDS: readonly string[] = spdxIds;

const byLower = new Map<string, string>(
  [...SPDX_LICENCE_IDS, INTERNAL_LICENCE, NO_ASSERTION].map((id) => [id.toLowerCase(), id]),
);

/** The licence's canonical spelling ("cc-by-nc-4.0" -> "CC-BY-NC-4.0"), or null when it is not on the list. */
export function canonicalLicence(value: string): string | null {
  return byLower.get(value.trim().toLowerCase()) ?? null;
}

/** Creative Commons NonCommercial terms (CC-BY-NC-*, in every version and variant). */
export function isNonCommercial(licence: string): boolean {
  return /^CC-BY-NC(-|$)/i.test(licence);
}

export function licenceLabel(licence: string): string {
  if (licence === INTERNAL_LICENCE) return "Internal (not licensed)";
  if (licence === NO_ASSERTION) return "Not recorded";
  return licence;
}
