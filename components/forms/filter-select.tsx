import { Label } from "@/components/ui/label";

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-2 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

/**
 * A labelled native select for the filter forms (components/forms/filter-form.tsx): the value goes into the
 * URL as it is. `any` is the label of the empty choice (null: no empty choice).
 */
export function FilterSelect({
  name,
  label,
  value,
  options,
  any = "Any",
}: {
  name: string;
  label: string;
  value?: string | number;
  options: [string, string][];
  any?: string | null;
}) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={`filter-${name}`} className="text-xs">
        {label}
      </Label>
      <select
        id={`filter-${name}`}
        name={name}
        defaultValue={value === undefined ? "" : String(value)}
        className={selectClass}
      >
        {any !== null ? <option value="">{any}</option> : null}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
