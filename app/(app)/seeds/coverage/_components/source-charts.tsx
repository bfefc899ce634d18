import { licenceLabel } from "@/lib/model/licences";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { SOURCE_KIND_LABELS, type SourceKind } from "@/lib/model/source-kinds";
import type { SourceCoverage } from "@/lib/seeds/coverage-sources";
import { seedListParams } from "@/lib/validation/seed-list";
import { CountTable } from "./count-table";
import { type CoverageBar, CoverageBarChart } from "./coverage-bar-chart";

type Props = { coverage: SourceCoverage; statuses: SeedStatusName[]; total: number };

const href = (statuses: SeedStatusName[], filter: { source?: SourceKind; licence?: string }) =>
  `/seeds?${seedListParams({ status: statuses, ...filter }).toString()}`;

/** Tasks by where they came from (issue 15); "Not recorded" is flagged, as such tasks cannot be released cleanly. */
export function SourceKindChart({ coverage, statuses, total }: Props) {
  const bars: CoverageBar[] = coverage.kinds
    .filter((k) => k.count > 0 || k.kind !== "UNKNOWN")
    .map(({ kind, count }) => ({
      label: SOURCE_KIND_LABELS[kind],
      count,
      href: href(statuses, { source: kind }),
      flag: kind === "UNKNOWN" && count > 0 ? "not recorded" : undefined,
    }));
  return (
    <CoverageBarChart
      id="source-chart"
      title="Tasks by source"
      description="Where the tasks came from. Record a source for every task: it goes into exports and dataset cards."
      bars={bars}
      orientation="rows"
      of={total}
    >
      <CountTable summary="The numbers" caption="Tasks by source" label="Source" rows={bars} of={total} />
    </CoverageBarChart>
  );
}

/** Tasks by licence; NonCommercial licences are flagged: a dataset built from them is non-commercial too. */
export function LicenceChart({ coverage, statuses, total }: Props) {
  const bars: CoverageBar[] = coverage.licences.map(({ licence, count, nonCommercial }) => ({
    label: licenceLabel(licence),
    count,
    href: href(statuses, { licence }),
    flag: nonCommercial ? "non-commercial" : licence === "NOASSERTION" ? "not recorded" : undefined,
  }));
  return (
    <CoverageBarChart
      id="licence-chart"
      title="Tasks by licence"
      description="SPDX licences of the tasks. A NonCommercial licence makes every dataset built from those tasks non-commercial."
      bars={bars}
      orientation="rows"
      of={total}
    >
      <CountTable summary="The numbers" caption="Tasks by licence" label="Licence" rows={bars} of={total} />
    </CoverageBarChart>
  );
}
