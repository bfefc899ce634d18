/** Someone who saved a revision: named by their name, else their email. */
type Editor = { id: string; name: string | null; email: string } | null;

/**
 * Who saved the revisions a refused (stale) save missed, newest first: the others by name, each once, and
 * whether the person refused saved any of them themselves (another tab or window of theirs). A revision with
 * no editor on record counts as "someone".
 */
export function editorsSince(
  editors: readonly Editor[],
  actorId: string,
): { others: string[]; mine: boolean } {
  const others = new Set<string>();
  let mine = false;
  for (const e of editors) {
    if (e?.id === actorId) mine = true;
    else others.add(e ? (e.name ?? e.email) : "someone");
  }
  return { others: [...others], mine };
}
