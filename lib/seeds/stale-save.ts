// What a refused (stale) save of a seed task says, in one place for the server and the browser: the server
// words it with the time in UTC (the CLI, the REST API, logs), the editor words it again from the same facts
// with the time in the reader's own zone (lib/errors.ts `StaleSaveDetail` carries them to the page).

import type { StaleSaveDetail } from "@/lib/errors";
import { localMinute, utcMinute } from "@/lib/utils/utc-minute";

export type { StaleSaveDetail };
export { localMinute, utcMinute };

export function staleSaveMessage(d: StaleSaveDetail, time: (iso: string) => string = utcMinute): string {
  const when = d.savedAt ? `${time(d.savedAt)}, ` : "";
  const at = `(${when}now version ${d.version ?? "?"}) after you opened version ${d.yours}.`;
  const kept = "Nothing was overwritten: your text is still here.";
  if (d.mine && !d.others.length)
    return `You saved this task in another tab or window ${at} ${kept} Copy what you need, then reload to see the version you saved there.`;
  const who = `${d.others.join(", ") || "someone"}${d.mine ? " and by you in another tab or window" : ""}`;
  return `This task was changed by ${who} ${at} ${kept} Copy what you need, then reload to see their version.`;
}
