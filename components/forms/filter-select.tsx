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
  // The filter the list shows is always a choice here, even when the menu does not offer it (a topic only
  // proposed so far, a link from someone who sees other values): shown as "Any", it was dropped on the next
  // "Apply filters".
  const current = value === undefined || value === "" ? null : String(value);
  const choices: [string, string][] =
    current !== null && !options.some(([v]) => v === current) ? [...options, [current, current]] : options;
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
        {choices.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
