import { SourceFields, type SourceValue } from "@/components/seeds/source-fields";
import type { ImportReport } from "@/lib/seeds/import/types";
import { UNKNOWN_SOURCE } from "@/lib/validation/source";

/** What the preview's source form starts from: the file's suggestion (AlpaCare's terms), else nothing said. */
export const initialFileSource = (report: ImportReport | null): SourceValue => ({
  ...UNKNOWN_SOURCE,
  ...report?.source?.suggested,
});

/** The source and licence of the whole file (provenance, issue 15); rows that state their own keep theirs. */
export function FileSource({
  report,
  value,
  onChange,
}: {
  report: ImportReport;
  value: SourceValue;
  onChange: (patch: Partial<SourceValue>) => void;
}) {
  const own = report.source?.rowsWithOwn ?? 0;
  return (
    <section className="grid gap-2" aria-labelledby="file-source-heading">
      <h2 id="file-source-heading" className="font-semibold text-base">
        Where these tasks come from
      </h2>
      <p className="text-muted-foreground text-sm">
        {report.shape === "alpacare"
          ? "This file is in the AlpaCare seed format. The AlpaCare seed set (med_seed.json) is CC BY-NC 4.0 (non-commercial, with attribution), from the AlpaCare paper, so that is proposed: change it if these are your own tasks or came with other terms."
          : "Set the source and licence for every task in this file; it goes into exports and dataset cards."}
        {own
          ? ` ${own} ${own === 1 ? "row states" : "rows state"} its own source or licence and keep${own === 1 ? "s" : ""} it.`
          : ""}
      </p>
      <SourceFields
        value={value}
        onChange={onChange}
        idPrefix="file-source"
        legend="Source and licence of this file"
      />
    </section>
  );
}
