import { describe, expect, it } from "vitest";
import { LOCK_NOT_AVAILABLE, sqlState } from "@/lib/db/sql-state";

// The shapes below are those the clients throw (Prisma's raw query through the pg driver adapter was printed
// from a real lock timeout; node-postgres's DatabaseError carries the code itself).

describe("sqlState", () => {
  it("reads Prisma's driver-adapter error and node-postgres's, whatever the message's language", () => {
    const prisma = Object.assign(
      new Error("Raw query failed. Code: `55P03`. Message: `Zeitüberschreitung`"),
      {
        code: "P2010",
        meta: { driverAdapterError: { cause: { originalCode: "55P03", kind: "postgres", code: "55P03" } } },
      },
    );
    expect(sqlState(prisma)).toBe(LOCK_NOT_AVAILABLE);
    const pg = Object.assign(new Error("Sperre nicht verfügbar"), { code: "55P03", severity: "FEHLER" });
    expect(sqlState(pg)).toBe("55P03");
  });

  it("is null for what is not a database error (Prisma's own codes are not SQLSTATEs)", () => {
    expect(sqlState(new Error("lock timeout"))).toBeNull();
    expect(sqlState(Object.assign(new Error("unique"), { code: "P2002" }))).toBeNull();
    expect(sqlState("55P03")).toBeNull();
    expect(sqlState(null)).toBeNull();
  });
});
