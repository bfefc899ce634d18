// `npm run lint:layers` (and a step of `npm test`): the import rules of scripts/lib/layers.ts, over the tree.
import { checkLayers, readImportGraph } from "./lib/layers";

const violations = checkLayers(readImportGraph(process.cwd()));
for (const v of violations) console.log(`[layers] ${v.rule}: ${v.message}`);
console.log(violations.length ? `${violations.length} layering violation(s).` : "Layering: no violations.");
process.exit(violations.length ? 1 : 0);
