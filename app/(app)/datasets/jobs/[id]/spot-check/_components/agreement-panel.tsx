import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { DoubleGradingView } from "@/lib/dataset/double-grading";
import type { RatingAgreement } from "@/lib/dataset/rating-agreement";
import { SPOT_GRADE_LABELS, type SpotGrade } from "@/lib/model/spot-grades";
import { type KappaWords, kappaCaveat, kappaNotYet } from "@/lib/quality/agreement";
import { SettleForm } from "./settle-form";

const GRADERS_WORDS: KappaWords = {
  units: "records",
  by: "graded by both reviewers",
  both: "the two reviewers",
  rating: "grade",
  ratings: "grades",
};
const RATING_WORDS: KappaWords = {
  units: "records",
  by: "graded by the reviewers and rated",
  both: "the reviewers and the rating",
  rating: "verdict",
  ratings: "verdicts",
};
const k = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toFixed(2));

function Table2({
  categories,
  counts,
  rows,
  cols,
}: {
  categories: string[];
  counts: number[][];
  rows: string;
  cols: string;
}) {
  return (
    <table className="text-xs">
      <caption className="text-left text-muted-foreground">
        Rows: {rows}; columns: {cols}
      </caption>
      <thead>
        <tr>
          <th />
          {categories.map((c) => (
            <th key={c} scope="col" className="px-2 text-right font-medium">
              {SPOT_GRADE_LABELS[c as SpotGrade] ?? c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counts.map((row, i) => (
          <tr key={categories[i]}>
            <th scope="row" className="pr-2 text-left font-medium">
              {SPOT_GRADE_LABELS[categories[i] as SpotGrade] ?? categories[i]}
            </th>
            {row.map((n, j) => (
              <td key={categories[j]} className="px-2 text-right tabular-nums">
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Agreement on this spot check: between its graders (double grading), and of the LLM rating with them. */
export function AgreementPanel({
  spotCheckId,
  viewerId,
  grading,
  rating,
}: {
  spotCheckId: string;
  viewerId: string;
  grading: DoubleGradingView | null;
  rating: RatingAgreement;
}) {
  // A kappa over fewer than 2 records, or over grades that never varied, is said in words instead.
  const gradersKappa = grading?.agreement?.kappa ?? null;
  const gradersNotYet = gradersKappa && kappaNotYet(gradersKappa, GRADERS_WORDS);
  const ratingNotYet = rating.at && kappaNotYet(rating.at.kappa, RATING_WORDS);
  return (
    <div className="mt-6 grid gap-6">
      {grading?.doubleGrading ? (
        <Card role="region" aria-labelledby="double-h">
          <CardHeader>
            <CardTitle>
              <h2 id="double-h">Double grading</h2>
            </CardTitle>
            <CardDescription>
              Each reviewer grades every record without seeing the others' grades; agreement shows once two
              have graded all {grading.sampleSize}.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 text-sm">
            <p>
              {grading.graders.length
                ? grading.graders.map((g) => `${g.name}: ${g.graded} of ${grading.sampleSize}`).join(" · ")
                : "Nobody has graded yet."}
            </p>
            {grading.agreement ? (
              <>
                <p>
                  {gradersNotYet ? (
                    <>{gradersNotYet} · </>
                  ) : grading.agreement.kappa ? (
                    <>
                      Cohen's kappa <strong data-testid="kappa">{k(grading.agreement.kappa.kappa)}</strong>{" "}
                      (95% CI {k(grading.agreement.kappa.low)} to {k(grading.agreement.kappa.high)}; they
                      agree on {Math.round((grading.agreement.kappa.observed ?? 0) * 100)}% of records
                      {kappaCaveat(grading.agreement.kappa.n)
                        ? `; ${kappaCaveat(grading.agreement.kappa.n)}`
                        : ""}
                      ) ·{" "}
                    </>
                  ) : null}
                  Krippendorff's alpha <strong>{k(grading.agreement.alpha)}</strong> over{" "}
                  {grading.agreement.raters} reviewers (≥ 0.8 reliable, ≥ 0.667 tentative)
                </p>
                {grading.agreement.table ? (
                  <Table2
                    categories={grading.agreement.table.categories}
                    counts={grading.agreement.table.counts}
                    rows="first reviewer"
                    cols="second reviewer"
                  />
                ) : null}
                <h3 className="font-medium">Disagreements ({grading.agreement.disagreements.length})</h3>
                {grading.agreement.disagreements.length ? (
                  <ul className="grid gap-2">
                    {grading.agreement.disagreements.map((d) => (
                      <li key={d.position} className="grid gap-1 rounded-md border p-2">
                        <span>
                          Record {d.position + 1}: <span className="line-clamp-2">{d.instruction}</span>
                        </span>
                        <span className="text-muted-foreground text-xs">
                          {d.grades.map((g) => `${g.grader}: ${SPOT_GRADE_LABELS[g.grade]}`).join(" · ")}
                          {d.settled ? ` · settled as ${SPOT_GRADE_LABELS[d.settled]}` : ""}
                        </span>
                        {!d.settled && !d.graderIds.includes(viewerId) ? (
                          <SettleForm spotCheckId={spotCheckId} position={d.position} />
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-muted-foreground">The reviewers agree on every record.</p>
                )}
              </>
            ) : (
              <p className="text-muted-foreground">Blind until two reviewers have graded every record.</p>
            )}
          </CardContent>
        </Card>
      ) : null}
      <Card role="region" aria-labelledby="rating-agree-h">
        <CardHeader>
          <CardTitle>
            <h2 id="rating-agree-h">LLM rating against the reviewers</h2>
          </CardTitle>
          <CardDescription>
            Acceptable to the reviewers versus rated at least {rating.threshold}: how far the rating can be
            trusted to choose what to keep.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3 text-sm">
          {rating.at ? (
            <>
              <p>
                {ratingNotYet ? (
                  <>
                    Over {rating.pairs} graded and rated {rating.pairs === 1 ? "record" : "records"}:{" "}
                    {ratingNotYet}
                  </>
                ) : (
                  <>
                    Over {rating.pairs} graded and rated records: kappa{" "}
                    <strong>{k(rating.at.kappa.kappa)}</strong> (95% CI {k(rating.at.kappa.low)} to{" "}
                    {k(rating.at.kappa.high)}).
                    {kappaCaveat(rating.pairs) ? ` ${kappaCaveat(rating.pairs)}` : ""}
                  </>
                )}
                {rating.best
                  ? ` The threshold that agrees best is ${rating.best.threshold} (kappa ${k(rating.best.kappa.kappa)}, keeps ${rating.best.kept}).`
                  : ""}
              </p>
              <Table2
                categories={rating.at.table.categories}
                counts={rating.at.table.counts}
                rows="reviewers"
                cols={`rating ≥ ${rating.threshold}`}
              />
            </>
          ) : (
            <p className="text-muted-foreground">
              No graded record of this sample is rated yet: rate the job's records on its dataset page.
            </p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
