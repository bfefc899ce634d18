/** "1 item", "2 items", "1,204 items": a count with its noun, in the app's number format. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}
