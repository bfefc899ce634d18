// Mirrors rouge_score's tokenize() without a stemmer: lower(), [^a-z0-9]+ -> " ", split, keep ^[a-z0-9]+$.
//
// Python's str.lower() and JS toLowerCase() both apply the locale-free Unicode full case mapping. Checked
// over every code point (Python 3.11 / Unicode 14 against Node 24 / Unicode 17): the only non-ASCII inputs
// whose lowercase contains [a-z0-9] are U+0130 "İ" -> "i" + U+0307 and U+212A KELVIN SIGN -> "k", and the
// two runtimes agree on both. Their other differences (letters added after Unicode 14) lowercase to
// non-ASCII and so become separators either way.
//
// Neither side normalises: precomposed "é" (U+00E9) is a separator ("café" -> ["caf"]) but decomposed
// "e" + U+0301 keeps the "e" ("cafe" + U+0301 -> ["cafe"]).
const NON_ALPHANUMERIC = /[^a-z0-9]+/g;

export function rougeTokens(text: string): string[] {
  const spaced = text.toLowerCase().replace(NON_ALPHANUMERIC, " ");
  const tokens: string[] = [];
  for (const piece of spaced.split(" ")) {
    if (piece.length > 0) tokens.push(piece);
  }
  return tokens;
}
