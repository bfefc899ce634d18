import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SeedStatusName } from "@/lib/model/seed-status";
import { DIFFICULTY_LEVELS, type TypeCoverage } from "@/lib/seeds/coverage";
import { HeatCell, HeatLegend } from "./heat-cell";
import { listHref } from "./list-href";

type Props = {
  types: TypeCoverage[];
  difficulty: { level: number; count: number }[];
  total: number;
  statuses: SeedStatusName[];
};

/** Type x difficulty as a table: colour intensity and the count in every cell, empty cells outlined. */
export function TypeDifficultyHeatmap({ types, difficulty, total, statuses }: Props) {
  const max = Math.max(1, ...types.flatMap((t) => t.byDifficulty));
  return (
    <Card role="region" aria-labelledby="heatmap-title" className="h-full gap-4">
      <CardHeader>
        <CardTitle>
          <h2 id="heatmap-title">Task type × difficulty</h2>
        </CardTitle>
        <CardDescription>
          Darker means more tasks; a dashed outline and a 0 mark an empty combination. Select a count to see
          those tasks. The “All” column and row also count tasks missing the other tag.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Table className="border-separate border-spacing-1">
          <caption className="sr-only">
            Number of seed tasks for each task type (rows) and difficulty 1 to 5 (columns)
          </caption>
          <TableHeader className="[&_tr]:border-0">
            <TableRow className="hover:bg-transparent">
              <TableHead scope="col" rowSpan={2} className="align-bottom">
                Task type
              </TableHead>
              <TableHead scope="colgroup" colSpan={5} className="h-6 text-center text-muted-foreground">
                Difficulty
              </TableHead>
              <TableHead scope="col" rowSpan={2} className="w-16 min-w-14 text-center align-bottom">
                All
              </TableHead>
            </TableRow>
            <TableRow className="hover:bg-transparent">
              {DIFFICULTY_LEVELS.map((d) => (
                <TableHead key={d} scope="col" className="h-8 w-16 min-w-14 text-center">
                  <span className="sr-only">Difficulty </span>
                  {d}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody className="[&_tr]:border-0">
            {types.map((t) => (
              <TableRow key={t.taskType} className="hover:bg-transparent">
                <TableHead scope="row" className="font-normal">
                  {t.taskType}
                  {t.canonical ? null : <span className="ml-2 text-muted-foreground text-xs">(added)</span>}
                </TableHead>
                {t.byDifficulty.map((n, i) => (
                  <TableCell key={DIFFICULTY_LEVELS[i]} className="p-0">
                    <HeatCell
                      count={n}
                      intensity={n / max}
                      label={`${t.taskType} at difficulty ${i + 1}`}
                      href={listHref(statuses, { type: t.taskType, difficulty: [i + 1] })}
                    />
                  </TableCell>
                ))}
                <TableCell className="p-0">
                  <HeatCell
                    count={t.total}
                    label={`${t.taskType}, all difficulties`}
                    href={listHref(statuses, { type: t.taskType })}
                    strong
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
          <tfoot>
            <TableRow className="hover:bg-transparent">
              <TableHead scope="row">All types</TableHead>
              {difficulty.map(({ level, count }) => (
                <TableCell key={level} className="p-0">
                  <HeatCell
                    count={count}
                    label={`all types at difficulty ${level}`}
                    href={listHref(statuses, { difficulty: [level] })}
                    strong
                  />
                </TableCell>
              ))}
              <TableCell className="p-0">
                <HeatCell count={total} label="all tasks" href={listHref(statuses)} strong />
              </TableCell>
            </TableRow>
          </tfoot>
        </Table>
        <HeatLegend />
      </CardContent>
    </Card>
  );
}
