// Above this ROUGE-L F1 two seed instructions are near-duplicates: the editor warns, the review queue warns,
// the import reports them. Client-safe (no database), so the browser's warnings and the server's checks share it.
// The generation's own de-duplication threshold is a job setting (lib/generation/dedup.ts), 0.7 by default.
export const NEAR_DUPLICATE_THRESHOLD = 0.7;
