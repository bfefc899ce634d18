import { describe, expect, it } from "vitest";
import { localTimes, utcMinute } from "@/lib/utils/utc-minute";

// The server writes times to the minute in UTC; a page gives each in the reader's zone.

describe("utcMinute and localTimes", () => {
  it("writes an instant to the minute in UTC", () => {
    expect(utcMinute("2026-12-05T17:48:59.123Z")).toBe("2026-12-05 17:48 UTC");
  });

  it("gives every UTC minute of a message in the reader's zone, and leaves the rest of it as it is", () => {
    const tokyo = (iso: string) =>
      new Date(iso).toLocaleString("en-GB", {
        timeZone: "Asia/Tokyo",
        dateStyle: "medium",
        timeStyle: "short",
      });
    const message = `Already reviewed by Rita: approved at ${utcMinute("2026-12-05T18:01:00Z")}. Seen 2026-12-31 23:30 UTC.`;
    expect(localTimes(message, tokyo)).toBe(
      "Already reviewed by Rita: approved at 6 Dec 2026, 03:01. Seen 1 Jan 2027, 08:30.",
    );
    expect(localTimes("No time here: version 2026-12 of 3.", tokyo)).toBe(
      "No time here: version 2026-12 of 3.",
    );
  });
});
