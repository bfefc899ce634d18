// How long a reviewer can take back an approval (the toast's "Undo", or `u` in the queue). The server
// allows a margin beyond what the page offers, for a slow connection; past it the approval stands.
export const UNDO_OFFER_MS = 10_000;
export const UNDO_WINDOW_MS = 30_000;
