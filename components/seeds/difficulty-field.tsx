import { FieldError } from "@/components/ui/field-error";
import { DIFFICULTY_RUBRIC } from "@/lib/seeds/rubric";
import { cn } from "@/lib/utils/cn";

const LEVELS = [1, 2, 3, 4, 5] as const;

/** Difficulty 1-5 as a radio group, each level with its rubric text, so authors choose by the paper's scale. */
export function DifficultyField({
  value,
  onValue,
  error,
}: {
  value: string;
  onValue: (v: string) => void;
  error?: string[];
}) {
  return (
    <fieldset className="grid gap-2" aria-describedby={error?.length ? "seed-difficulty-error" : undefined}>
      <legend className="mb-1 font-medium text-sm">Difficulty</legend>
      <div className="grid gap-1.5">
        {LEVELS.map((level) => (
          <label
            key={level}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-md border p-2 text-sm transition-colors hover:bg-accent/50",
              value === String(level) && "border-primary bg-primary/5",
            )}
          >
            <input
              type="radio"
              name="difficulty"
              value={level}
              checked={value === String(level)}
              onChange={() => onValue(String(level))}
              className="mt-0.5 size-4 accent-primary"
              aria-label={`Difficulty ${level}`}
            />
            <span>
              <span className="font-semibold tabular-nums">{level}</span>
              <span className="ml-2 text-muted-foreground">{DIFFICULTY_RUBRIC[level]}</span>
            </span>
          </label>
        ))}
      </div>
      <FieldError id="seed-difficulty-error" message={error} />
    </fieldset>
  );
}
