// Times in the server's messages are written to the minute in UTC ("2026-12-05 17:48 UTC"): the CLI, the REST
// API and logs read them as they are; a page shows them in the reader's own zone (localTimes).

/** "2026-12-05 17:48 UTC" */
export const utcMinute = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;

/** The same minute in the reader's own zone and locale (in a browser: "Dec 5, 2026, 6:48 PM"). */
export const localMinute = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

const UTC_MINUTE = /\b(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC\b/g;

/** A server message with each of its utcMinute() times given in the reader's zone instead (in a browser). */
export const localTimes = (text: string, local: (iso: string) => string = localMinute) =>
  text.replace(UTC_MINUTE, (_, day: string, minute: string) => local(`${day}T${minute}:00.000Z`));
