import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { driveEvalRun } from "@/lib/evaluation/engine";
import { identifiersNote } from "@/lib/evaluation/estimate-words";
import type { StartEvalInput } from "@/lib/evaluation/runs";
import { estimateEvalRun, startEvalRun } from "@/lib/evaluation/use-cases/start-eval-run";
import { testsetIdentifiers } from "@/lib/evaluation/use-cases/testsets";
import { setProviderEndpointTrust } from "@/lib/generation/use-cases/set-endpoint-trust";
import { recordResolutions } from "@/lib/phi/resolutions";
import { type FakeServer, startFakeOpenAIServer } from "@/tests/support/fake-openai-server";
import { makeTestset } from "../support/evaluation";
import { makeUser } from "../support/factories";
import { isolateDatabase } from "../support/isolated-db";

// A test set's possible patient identifiers are told before a run, not when its PHI gate pauses it at the first:
// on the test set page (testsetIdentifiers) and in the estimate, with the endpoints not marked trusted, counted
// as the gate counts them (the same screen, resolutions and field names). Trusted endpoints are a global
// setting: this file has a database of its own.
isolateDatabase();

const PHONE = "555-201-3344";
const EMAIL = "jane.roe@example.org";
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ seed: 9, latencyMs: 2 });
});
afterAll(async () => {
  await server.close();
});

describe("a test set's possible identifiers", () => {
  it("are counted on the test set and in the estimate as the run's gate meets them, trusted endpoints and resolutions included", async () => {
    const { name, version } = await makeTestset(5);
    const admin = await makeUser({ roles: ["ADMIN"] });
    const actor: Actor = { id: admin.id, roles: ["ADMIN"] };
    const items = await db.testItem.findMany({
      where: { versionId: version.id },
      orderBy: { position: "asc" },
    });
    const [, withPhone, , withEmail] = items;
    if (!withPhone || !withEmail) throw new Error("the set has five items");
    // A phone number in one item's input (sent to both endpoints), an address in another's gpt-4 reference
    // (sent to the judge when gpt-4 is the reference).
    await db.testItem.update({
      where: { id: withPhone.id },
      data: { input: `${withPhone.input} Call the daughter on ${PHONE}.` },
    });
    await db.testItemReference.updateMany({
      where: { itemId: withEmail.id, model: "gpt-4" },
      data: { answer: `Write to the clinic at ${EMAIL} for the results.` },
    });
    const label = (i: typeof withPhone) => `test item ${i.externalId ?? `#${i.position + 1}`}`;

    const screen = await testsetIdentifiers(actor, { versionId: version.id });
    expect(screen.items.map((i) => i.itemId)).toEqual([withPhone.id, withEmail.id]);
    expect(screen.items[0]?.question.map((b) => [b.category, b.text, b.field])).toEqual([
      ["PHONE", PHONE, "input"],
    ]);
    expect(Object.keys(screen.items[1]?.references ?? {})).toEqual(["gpt-4"]);
    expect(screen.items[1]?.references["gpt-4"]?.[0]).toMatchObject({ text: EMAIL, field: "reference" });
    expect(screen.trustedEndpoints).toBe(0);

    const judgeUrl = `${server.baseUrl}`;
    const candidateUrl = "http://127.0.0.1:9/v1";
    const input = (reference: string, baseUrl = candidateUrl): StartEvalInput => ({
      testset: name,
      reference,
      candidate: { model: "ids-7b", baseUrl },
      judgeModel: "judge-ids",
      settings: { judgeBaseUrl: judgeUrl, concurrency: 2, retryBaseMs: 10 },
    });
    let estimate = await estimateEvalRun(actor, input("gpt-4"));
    expect(estimate.identifiers).toEqual({
      items: 2,
      first: `PHONE "${PHONE}" in ${label(withPhone)}, input`,
      untrusted: [`the candidate's endpoint (${candidateUrl})`, `the judge's endpoint (${judgeUrl})`],
    });
    expect(identifiersNote(estimate)).toMatch(
      /^2 items of the test set hold possible patient identifiers .* are not marked trusted, so the run would pause at the first of them/,
    );
    // Another reference: only the question's finding goes.
    expect((await estimateEvalRun(actor, input("claude-2"))).identifiers.items).toBe(1);

    // The judge trusted: the candidate still stops the phone number; both trusted: nothing stops, the note says so.
    await setProviderEndpointTrust(actor, {
      kind: "openai-compatible",
      baseUrl: judgeUrl,
      trusted: true,
      reason: "our own judge",
    });
    estimate = await estimateEvalRun(actor, input("gpt-4"));
    // Only the item whose question holds a finding would stop it (the reference's address goes to the judge).
    expect(estimate.identifiers).toEqual({
      items: 1,
      first: `PHONE "${PHONE}" in ${label(withPhone)}, input`,
      untrusted: [`the candidate's endpoint (${candidateUrl})`],
    });
    expect((await testsetIdentifiers(actor, { versionId: version.id })).trustedEndpoints).toBe(1);
    await setProviderEndpointTrust(actor, {
      kind: "openai-compatible",
      baseUrl: candidateUrl,
      trusted: true,
      reason: "our own candidate",
    });
    estimate = await estimateEvalRun(actor, input("gpt-4"));
    expect(estimate.identifiers.untrusted).toEqual([]);
    expect(identifiersNote(estimate)).toMatch(/Every endpoint they go to is marked trusted/);
    for (const baseUrl of [judgeUrl, candidateUrl])
      await setProviderEndpointTrust(actor, {
        kind: "openai-compatible",
        baseUrl,
        trusted: false,
        reason: "done",
      });

    // The finding resolved (as a "not PHI" mark carried into a frozen version is): counted no more, twice over.
    await db.$transaction((tx) =>
      recordResolutions(tx, {
        targetType: "testitem",
        targetId: withPhone.id,
        findings: [{ field: "input", category: "PHONE", text: PHONE }],
        decision: "NOT_PHI",
        reason: "a made-up number",
        actorId: admin.id,
      }),
    );
    for (let i = 0; i < 2; i++) {
      expect((await testsetIdentifiers(actor, { versionId: version.id })).items.map((x) => x.itemId)).toEqual(
        [withEmail.id],
      );
      estimate = await estimateEvalRun(actor, input("gpt-4", judgeUrl));
      expect(estimate.identifiers).toEqual({
        items: 1,
        first: `EMAIL "${EMAIL}" in ${label(withEmail)}, reference`,
        untrusted: [`the judge's endpoint (${judgeUrl})`],
      });
    }

    // What the estimate named first is what the run's gate stops at.
    const run = await startEvalRun(actor, input("gpt-4", judgeUrl), { driver: "caller" });
    expect(await driveEvalRun(run.id)).toBe("PAUSED");
    const paused = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(paused.error).toContain(estimate.identifiers.first);
    expect(server.requests.some((r) => JSON.stringify(r.body).includes(EMAIL))).toBe(false);
  }, 120_000);

  it("finds nothing in a clean set, and says so to a reader who cannot run evaluations", async () => {
    const { version } = await makeTestset(3);
    const reviewer = await makeUser({ roles: ["REVIEWER"] });
    const screen = await testsetIdentifiers(
      { id: reviewer.id, roles: ["REVIEWER"] },
      { versionId: version.id },
    );
    expect(screen.items).toEqual([]);
  });
});
