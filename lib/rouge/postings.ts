/**
 * The documents that contain one token, as parallel growable arrays. Entries are swap-removed, so a
 * removal costs O(1) but moves the last entry; each entry records which of its document's distinct
 * tokens it belongs to, so the owner can update its back-pointer.
 */
export class PostingList {
  length = 0;
  /** Slot of the document. */
  docs = new Int32Array(4);
  /** Occurrences of the token in that document. */
  counts = new Int32Array(4);
  /** Index of the token among that document's distinct tokens. */
  within = new Int32Array(4);

  push(doc: number, count: number, within: number): number {
    if (this.length === this.docs.length) this.grow();
    const at = this.length++;
    this.docs[at] = doc;
    this.counts[at] = count;
    this.within[at] = within;
    return at;
  }

  /** Removes the entry at `at`; returns true when another entry was moved into that position. */
  removeAt(at: number): boolean {
    const last = --this.length;
    if (at === last) return false;
    this.docs[at] = this.docs[last] as number;
    this.counts[at] = this.counts[last] as number;
    this.within[at] = this.within[last] as number;
    return true;
  }

  private grow(): void {
    const size = this.docs.length * 2;
    const docs = new Int32Array(size);
    const counts = new Int32Array(size);
    const within = new Int32Array(size);
    docs.set(this.docs);
    counts.set(this.counts);
    within.set(this.within);
    this.docs = docs;
    this.counts = counts;
    this.within = within;
  }
}
