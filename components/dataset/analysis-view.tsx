import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableRowHead,
} from "@/components/ui/table";
import { CATEGORY_OF_TYPE } from "@/lib/dataset/analysis/categories";
import { type Count, type JobAnalysis, OTHER_TOPICS, TOP_TOPICS } from "@/lib/dataset/types";
import { VIEW_GROUP_LABELS, type ViewGroupName } from "@/lib/model/vocabulary";
import { CompareBars } from "./compare-bars";
import { HistogramChart } from "./histogram-chart";
import { SEEDS_COLOUR } from "./palette";
import { VerbSunburst } from "./verb-sunburst";

const relabel = (list: Count[]) =>
  list.map((c) => ({ ...c, label: VIEW_GROUP_LABELS[c.label as ViewGroupName] ?? c.label }));
const pct = (n: number, of: number) => (of ? `${((n * 100) / of).toFixed(1)}%` : "–");

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  children: React.ReactNode;
}) {
  return (
    <Card role="region" aria-labelledby={id}>
      <CardHeader>
        <CardTitle>
          <h3 id={id}>{title}</h3>
        </CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

/** A job's analysis (PIPELINE.md section 5): what the papers show, seeds beside the generated records. */
export function AnalysisView({ analysis: a }: { analysis: JobAnalysis }) {
  const g = a.generated;
  const s = a.seeds;
  return (
    <div className="grid gap-6">
      <Section
        id="verbs-h"
        title="Root verbs and their objects"
        description="The 20 most common root verbs of the instructions (inner ring) and their 4 most common direct objects (outer ring), as in the Self-Instruct and AlpaCare papers."
      >
        <div className="grid gap-6 md:grid-cols-2">
          <VerbSunburst title={`Seeds (${s.n.toLocaleString("en-US")})`} summary={s.verbs} />
          <VerbSunburst title={`Generated (${g.n.toLocaleString("en-US")})`} summary={g.verbs} />
        </div>
      </Section>

      <Section
        id="dist-h"
        title="Distributions: seeds vs generated"
        description="Shares of each side, so drift from the seed set shows."
      >
        <div className="grid items-start gap-6 lg:grid-cols-2">
          <CompareBars title="Task type" seeds={s.types} generated={g.types} />
          <CompareBars
            title="Topic (top 20)"
            seeds={s.topics}
            generated={g.topics}
            top={{ count: TOP_TOPICS, other: OTHER_TOPICS }}
          />
          <CompareBars title="View group" seeds={relabel(s.viewGroups)} generated={relabel(g.viewGroups)} />
          <CompareBars title="Difficulty" seeds={s.difficulty} generated={g.difficulty} fixedOrder />
        </div>
      </Section>

      <Section
        id="cat-h"
        title="Task categories (BioInstruct's four classes)"
        description="From the task type of each record."
      >
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <CompareBars title="Category" seeds={s.categories} generated={g.categories} fixedOrder />
          <Table className="w-auto">
            <TableCaption placement="top" className="font-normal text-muted-foreground text-xs">
              Shares of the generated records
            </TableCaption>
            <TableHeader className="sr-only">
              <TableRow>
                <TableHead>Category</TableHead>
                <TableHead>Share</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {g.categories.map((c) => (
                <TableRow key={c.label} className="border-t border-b-0 hover:bg-transparent">
                  <TableRowHead className="py-1 pr-3 pl-0">{c.label}</TableRowHead>
                  <TableCell numeric className="px-0 py-1">
                    {pct(c.count, g.n)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <details className="mt-3 text-xs">
          <summary className="cursor-pointer">How task types map to categories</summary>
          <ul className="mt-2 grid gap-1">
            {Object.entries(CATEGORY_OF_TYPE).map(([type, category]) => (
              <li key={type}>
                {type} → {category}
              </li>
            ))}
            <li>any other type → other</li>
          </ul>
        </details>
      </Section>

      <Section
        id="rouge-h"
        title="Similarity to the seeds"
        description="Each generated instruction's highest ROUGE-L F1 against the seed instructions (Self-Instruct's figure): mass near 0 means new tasks, not paraphrases."
      >
        <HistogramChart title="Highest ROUGE-L to a seed" histogram={a.rougeToSeeds} unit="" digits={2} />
      </Section>

      <Section id="len-h" title="Lengths, in words">
        <div className="grid gap-6 lg:grid-cols-3">
          <HistogramChart title="Instruction" histogram={g.lengths.instruction} unit="words" />
          <HistogramChart title="Input" histogram={g.lengths.input} unit="words" />
          {g.lengths.output ? (
            <HistogramChart title="Response" histogram={g.lengths.output} unit="words" />
          ) : null}
          <HistogramChart
            title="Seed instructions"
            histogram={s.lengths.instruction}
            unit="words"
            colour={SEEDS_COLOUR}
          />
          <HistogramChart
            title="Seed inputs"
            histogram={s.lengths.input}
            unit="words"
            colour={SEEDS_COLOUR}
          />
        </div>
      </Section>
    </div>
  );
}
