import { TextField } from "@/components/forms/text-field";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import {
  COMMON_LICENCES,
  INTERNAL_LICENCE,
  isNonCommercial,
  licenceLabel,
  NO_ASSERTION,
  SPDX_LICENCE_IDS,
} from "@/lib/model/licences";
import {
  CITED_SOURCE_KINDS,
  SOURCE_KIND_LABELS,
  SOURCE_KINDS,
  type SourceKind,
} from "@/lib/model/source-kinds";
import { SOURCE_LIMITS } from "@/lib/validation/source";

// Provenance and licence (issue 15): where a task came from. Shared by the seed editor, the import preview
// and (later) test items: it holds no state, the caller owns the values and saves them with the rest.

export type SourceValue = {
  sourceKind: string;
  citation: string;
  citationUrl: string;
  licence: string;
  adapted: boolean;
};

/** What a task written in the editor starts as: the author's own, not licensed to anyone. */
export const NEW_SEED_SOURCE: SourceValue = {
  sourceKind: "OWN_EXPERIENCE",
  citation: "",
  citationUrl: "",
  licence: INTERNAL_LICENCE,
  adapted: false,
};

const SELECT =
  "h-9 rounded-md border border-input bg-background px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

const OTHER_SPDX = SPDX_LICENCE_IDS.filter((id) => !(COMMON_LICENCES as readonly string[]).includes(id));

type Props = {
  value: SourceValue;
  onChange: (patch: Partial<SourceValue>) => void;
  errors?: Record<string, string[] | undefined>;
  /** prefixes the ids, so two of these can share a page */
  idPrefix?: string;
  legend?: string;
};

export function SourceFields({
  value,
  onChange,
  errors = {},
  idPrefix = "source",
  legend = "Source and licence",
}: Props) {
  const id = (f: string) => `${idPrefix}-${f}`;
  const kind = value.sourceKind as SourceKind;
  const wantsCitation = CITED_SOURCE_KINDS.includes(kind);
  const selectProps = (f: keyof SourceValue) => ({
    id: id(f),
    name: f,
    "aria-invalid": errors[f]?.length ? true : undefined,
    "aria-describedby": errors[f]?.length ? `${id(f)}-error` : undefined,
    className: SELECT,
  });
  return (
    <fieldset className="grid gap-4 rounded-md border p-3">
      <legend className="px-1 font-medium text-sm">{legend}</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor={id("sourceKind")}>Source</Label>
          <select
            {...selectProps("sourceKind")}
            value={value.sourceKind}
            onChange={(e) => onChange({ sourceKind: e.target.value })}
          >
            {SOURCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {SOURCE_KIND_LABELS[k]}
              </option>
            ))}
          </select>
          <FieldError id={`${id("sourceKind")}-error`} message={errors.sourceKind} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={id("licence")}>Licence</Label>
          <select
            {...selectProps("licence")}
            value={value.licence}
            onChange={(e) => onChange({ licence: e.target.value })}
          >
            <option value={INTERNAL_LICENCE}>{licenceLabel(INTERNAL_LICENCE)}</option>
            <option value={NO_ASSERTION}>{licenceLabel(NO_ASSERTION)}</option>
            <optgroup label="Common">
              {COMMON_LICENCES.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </optgroup>
            <optgroup label="All SPDX licences">
              {OTHER_SPDX.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </optgroup>
          </select>
          {isNonCommercial(value.licence) ? (
            <p className="text-muted-foreground text-xs">
              Non-commercial: datasets built from it can only be released for non-commercial use.
            </p>
          ) : null}
          <FieldError id={`${id("licence")}-error`} message={errors.licence} />
        </div>
      </div>
      <TextField
        id={id("citation")}
        name="citation"
        label={wantsCitation ? "Citation" : "Citation (optional)"}
        value={value.citation}
        maxLength={SOURCE_LIMITS.citation}
        onChange={(e) => onChange({ citation: e.target.value })}
        error={errors.citation}
        hint={wantsCitation ? "Authors, title, edition or year, as a reader would look it up." : undefined}
      />
      <TextField
        id={id("citationUrl")}
        name="citationUrl"
        label="Citation URL (optional)"
        type="url"
        inputMode="url"
        placeholder="https://doi.org/…"
        value={value.citationUrl}
        maxLength={SOURCE_LIMITS.citationUrl}
        onChange={(e) => onChange({ citationUrl: e.target.value })}
        error={errors.citationUrl}
      />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="adapted"
          checked={value.adapted}
          onChange={(e) => onChange({ adapted: e.target.checked })}
        />
        Adapted from the source (reworded, shortened or changed), not copied as it was
      </label>
      <FieldError id={`${id("adapted")}-error`} message={errors.adapted} />
    </fieldset>
  );
}
