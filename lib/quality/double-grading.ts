import { type Category, type ConfusionTable, cohensKappa, confusionTable, type Kappa } from "./agreement";
import { type Alpha, krippendorffAlpha } from "./krippendorff";

// Several people grading the same records (double grading of a spot check): Cohen's kappa and its table
// when there are two raters, Krippendorff's alpha always (it handles any number of raters and missing
// grades), and the records they disagree on, for a third person to settle.

export type GradedUnit<C extends Category, Id = string> = {
  id: Id;
  /** one grade per rater, in the same rater order for every unit; null where that rater gave none */
  grades: readonly (C | null)[];
};

export type DoubleGrading<C extends Category, Id> = {
  raters: number;
  /** two raters: their table and kappa over the units both graded */
  pair: { table: ConfusionTable<C>; kappa: Kappa } | null;
  alpha: Alpha;
  /** units with at least two grades that are not all the same */
  disagreements: GradedUnit<C, Id>[];
};

export function doubleGrading<C extends Category, Id = string>(
  units: readonly GradedUnit<C, Id>[],
  categories?: readonly C[],
): DoubleGrading<C, Id> {
  const raters = Math.max(0, ...units.map((u) => u.grades.length));
  let pair: DoubleGrading<C, Id>["pair"] = null;
  if (raters === 2) {
    const both = units.flatMap((u) => {
      const [a, b] = u.grades;
      return a != null && b != null ? [[a, b] as const] : [];
    });
    const table = confusionTable(both, categories);
    pair = { table, kappa: cohensKappa(table) };
  }
  const disagreements = units.filter((u) => new Set(u.grades.filter((g) => g != null)).size > 1);
  return { raters, pair, alpha: krippendorffAlpha(units.map((u) => u.grades)), disagreements };
}
