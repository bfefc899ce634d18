export { RougeIndex, type RougeMatch, type RougeQueryOptions } from "./index-search";
export { TokenInterner } from "./interner";
export { lcsLength, lcsLengthDP, type Sequence } from "./lcs";
export { fFromLcs, rougeLF1 } from "./score";
export { rougeTokens } from "./tokenize";
