import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createExportAction } from "@/app/(app)/exports/actions";
import { POST as exportRoute } from "@/app/api/v1/exports/route";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { Role } from "@/lib/model/roles";
import { unresolvedFindings } from "@/lib/phi/resolutions";
import { makeApprovedSeed, makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";
import { signInAs } from "../support/session";

vi.mock("@/lib/auth/session-user-id", () => ({ sessionUserId: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The Exports page's door to a refusal for possible patient identifiers: the server action's failure lists the
// refused seeds (for the page to link), the REST answer keeps the plain message, and "Accept and export"
// (acceptPhi) is refused on the server to anyone without phi.accept, however the call is made; with it, the
// findings are resolved as accepted and audited as the command line's --accept-phi does.
// Own database: exports take every approved seed, and rows are counted.
isolateDatabase();

// A topic per test, so each export holds only that test's seeds.
let tests = 0;
let topic = "";
beforeEach(() => {
  topic = `Behavioural health ${++tests}`;
});

const approvedSeed = (authorId: string, instruction: string) =>
  makeApprovedSeed(authorId, instruction, { topic });

const recorded = async (seedId: string) => ({
  exports: await db.seedExport.count(),
  resolutions: await db.phiResolution.count({ where: { targetId: seedId } }),
  accepts: await db.auditEvent.count({ where: { action: "phi.accept" } }),
});

const exportInput = () => ({ format: "alpacare" as const, filter: { topic } });

/** Narrows a row of the permission table for one test (the real table gives phi.accept to every exporter). */
const saved = new Map<string, readonly Role[]>();
function narrow(permission: keyof typeof PERMISSIONS, roles: Role[]) {
  const table = PERMISSIONS as Record<string, readonly Role[]>;
  if (!saved.has(permission)) saved.set(permission, table[permission] as readonly Role[]);
  table[permission] = roles;
}
afterEach(() => {
  for (const [permission, roles] of saved)
    (PERMISSIONS as Record<string, readonly Role[]>)[permission] = roles;
  saved.clear();
});

describe("an export refused for possible patient identifiers, from the Exports page", () => {
  it("the action's failure lists each refused seed with its instruction's start and findings; REST keeps the message", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const seed = await approvedSeed(
      admin.id,
      "Engage the client Jessie in a conversation about cutting down on alcohol, using motivational interviewing.",
    );
    signInAs(await makeUser({ roles: ["ENGINEER"] }));
    const refused = await createExportAction(exportInput());
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
    if (refused.ok) return;
    expect(refused.detail).toEqual({
      kind: "phi-unresolved",
      total: 1,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      changed: false,
      seeds: [
        {
          id: seed.id,
          instruction: "Engage the client Jessie in a conversation about cutting down on alcohol, using …",
          findings: [{ field: "instruction", category: "NAME", text: "Jessie" }],
        },
      ],
    });
    // The sentence the command line prints is still the message.
    expect(refused.message).toContain(`seed ${seed.id}`);

    const rest = await exportRoute(
      new Request("http://localhost/api/v1/exports", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(exportInput()),
      }),
    );
    expect(rest.status).toBe(409);
    const body = (await rest.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
    expect(body.error.message).toBe(refused.message);
  });

  it("acceptPhi from a user without phi.accept is refused on the server: nothing accepted, audited or exported", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const seed = await approvedSeed(admin.id, "Explain to Jessie why her blood pressure tablets matter.");
    const before = await recorded(seed.id);
    const acceptPhi = "Fictional client in a teaching vignette";

    // An author may not export at all.
    signInAs(await makeUser({ roles: ["AUTHOR"] }));
    expect(await createExportAction({ ...exportInput(), acceptPhi })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: expect.stringContaining("(export.create)"),
    });

    // An exporter whose role does not hold phi.accept (today every exporter's does: the table narrowed here).
    narrow("phi.accept", ["REVIEWER", "ADMIN"]);
    signInAs(await makeUser({ roles: ["ENGINEER"] }));
    const forbidden = await createExportAction({ ...exportInput(), acceptPhi });
    expect(forbidden).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(forbidden.ok ? "" : forbidden.message).toContain("(phi.accept)");
    expect(await recorded(seed.id)).toEqual(before);
    expect(await unresolvedFindings(seed)).toHaveLength(1);
    // The same user without acceptPhi is refused for the identifiers, not for the role.
    expect(await createExportAction(exportInput())).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await recorded(seed.id)).toEqual(before);
  });

  it("an empty reason is refused naming the field; a reason accepts, audited, and exports", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const seed = await approvedSeed(admin.id, "Ask Jessie how her week has been, then screen for low mood.");
    const before = await recorded(seed.id);
    signInAs(admin);

    const empty = await createExportAction({ ...exportInput(), acceptPhi: "  " });
    expect(empty).toMatchObject({ ok: false, code: "INVALID" });
    expect(empty.ok ? undefined : empty.fieldErrors?.acceptPhi).toEqual([
      "Say why the remaining findings are accepted (at least a few words)",
    ]);
    expect(await recorded(seed.id)).toEqual(before);

    const reason = "Fictional client in a teaching vignette";
    const ok = await createExportAction({ ...exportInput(), acceptPhi: reason });
    expect(ok).toMatchObject({ ok: true, data: { phiAccepted: 1 } });
    if (!ok.ok) return;
    const rows = await db.phiResolution.findMany({ where: { targetType: "seed", targetId: seed.id } });
    expect(rows.map((r) => [r.decision, r.category, r.text, r.reason, r.actorId])).toEqual([
      ["ACCEPTED", "NAME", "Jessie", reason, admin.id],
    ]);
    const accepted = await db.auditEvent.findMany({ where: { action: "phi.accept", targetId: seed.id } });
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ actorId: admin.id, targetType: "seed", after: { reason } });
    const created = await db.auditEvent.findFirst({
      where: { action: "export.create", targetId: ok.data.id },
    });
    expect(created?.after).toMatchObject({ records: 1, phiAccepted: 1, phiReason: reason });
    expect(await unresolvedFindings(seed)).toEqual([]);
  });

  it("accepts exactly the findings the page showed: one approved or edited since is refused, nothing accepted", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const first = await approvedSeed(admin.id, "Help Jessie plan her return to work after a knee operation.");
    signInAs(admin);
    const shown = await createExportAction(exportInput());
    if (shown.ok || shown.detail?.kind !== "phi-unresolved")
      throw new Error("expected a refusal with its detail");
    const seen = shown.detail.fingerprint;
    const reason = "Fictional clients in teaching vignettes";

    // A second seed with a name is approved while the list is on screen: the acceptance of the first list is
    // refused, nothing accepted or exported, and the new list comes back with both.
    const second = await approvedSeed(admin.id, "Explain to Maria what a colonoscopy involves.");
    const before = { first: await recorded(first.id), second: await recorded(second.id) };
    const stale = await createExportAction({ ...exportInput(), acceptPhi: reason, acceptSeen: seen });
    expect(stale).toMatchObject({ ok: false, code: "CONFLICT" });
    if (stale.ok || stale.detail?.kind !== "phi-unresolved")
      throw new Error("expected a refusal with its detail");
    expect(stale.message).toMatch(/^Nothing was accepted: the findings open in this export changed/);
    expect(stale.detail).toMatchObject({ total: 2, changed: true });
    expect(stale.detail.fingerprint).not.toBe(seen);
    expect({ first: await recorded(first.id), second: await recorded(second.id) }).toEqual(before);

    // The first seed's text edited to another name changes the list again.
    const relisted = stale.detail.fingerprint;
    await db.seedTask.update({
      where: { id: first.id },
      data: { instruction: "Help Emily plan her return to work after a knee operation." },
    });
    const edited = await createExportAction({ ...exportInput(), acceptPhi: reason, acceptSeen: relisted });
    expect(edited).toMatchObject({ ok: false, code: "CONFLICT", detail: { total: 2, changed: true } });
    expect({ first: await recorded(first.id), second: await recorded(second.id) }).toEqual(before);

    // Accepting the list as it is now works, and accepts both.
    const now = !edited.ok && edited.detail?.kind === "phi-unresolved" ? edited.detail.fingerprint : "";
    const ok = await createExportAction({ ...exportInput(), acceptPhi: reason, acceptSeen: now });
    expect(ok).toMatchObject({ ok: true, data: { phiAccepted: 2 } });
    expect(
      await unresolvedFindings(await db.seedTask.findUniqueOrThrow({ where: { id: first.id } })),
    ).toEqual([]);
    expect(await unresolvedFindings(second)).toEqual([]);
  });

  it("lists the first 50 of more refused seeds, names the rest by count, and accepts them all by that list", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    for (let i = 0; i < 53; i++) await approvedSeed(admin.id, `Ask Emily about her sleep, night ${i + 1}.`);
    signInAs(admin);
    const shown = await createExportAction(exportInput());
    if (shown.ok || shown.detail?.kind !== "phi-unresolved")
      throw new Error("expected a refusal with its detail");
    expect(shown.detail).toMatchObject({ total: 53, changed: false });
    expect(shown.detail.seeds).toHaveLength(50);
    expect(shown.message).toContain("; and 48 more seeds");
    const ok = await createExportAction({
      ...exportInput(),
      acceptPhi: "Fictional patient in teaching vignettes",
      acceptSeen: shown.detail.fingerprint,
    });
    expect(ok).toMatchObject({ ok: true, data: { phiAccepted: 53 } });
  });
});
