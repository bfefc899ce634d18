// What a spot-check estimate over several jobs speaks for. The estimate is weighted over the jobs that have a
// graded spot check; a job nobody sampled is left out of it, and the publish form, the release page and the
// dataset card said "92% acceptable (38 graded)" of a release whose other job (175 records) nobody had looked
// at. Client-safe: the publish form words it too.

/** A job of the set with no graded spot check: its number and kept records. */
export type UncheckedJob = { number: number; records: number };

/**
 * Null when the estimate covers every job of the set (or the estimate is from before this was recorded);
 * else e.g. "job #4 (175 records) not spot-checked: the estimate leaves it out" (records: its kept ones).
 */
export function uncheckedNote(unchecked: readonly UncheckedJob[] | undefined): string | null {
  if (!unchecked?.length) return null;
  const count = (n: number) => n.toLocaleString("en-US");
  const named = unchecked.map(
    (j) => `job #${j.number} (${count(j.records)} record${j.records === 1 ? "" : "s"})`,
  );
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
  return `${list} not spot-checked: the estimate leaves ${unchecked.length === 1 ? "it" : "them"} out`;
}
