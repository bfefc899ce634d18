import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { importJobView } from "@/lib/seeds/import/jobs";
import { commitSeedImport, importSeedFile, startSeedImport } from "@/lib/seeds/use-cases/import-seeds";
import { makeUser } from "../support/factories";
import { npmRun } from "../support/run";

// Import and the PHI screen: findings per line in the preview; "refuse rows with any finding" refuses the
// whole file (all or nothing stays), from the CLI and from the app's import job alike.

const rows = (tag: string) => [
  {
    instruction: `Explain the causes of hyponatraemia (${tag}).`,
    input: "",
    output: "",
    topic: "Nephrology",
    view: "Resident",
    type: "Open Q&A",
    difficulty: "2",
  },
  {
    instruction: `Summarise this admission note (${tag}).`,
    input: "Admitted on 14 March 2024 with chest pain; daughter's phone 555-201-3344.",
    topic: "Cardiology",
    view: "Nurse",
    type: "Summarization",
    difficulty: "3",
  },
  {
    instruction: `List the signs of digoxin toxicity (${tag}).`,
    input: "",
    topic: "Cardiology",
    view: "Pharmacist",
    type: "Open Q&A",
    difficulty: "2",
  },
];
const file = (tag: string) =>
  new TextEncoder().encode(
    rows(tag)
      .map((r) => JSON.stringify(r))
      .join("\n"),
  );
const created = (tag: string) => db.seedTask.count({ where: { instruction: { contains: `(${tag})` } } });

describe("import with the PHI screen", () => {
  it("reports the findings of each line; with refusePhi nothing is imported and the rows are named", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const actor = { id: author.id, roles: author.roles };
    const tag = `p${Math.random()}`;
    const refused = await importSeedFile(actor, {
      fileName: "s.jsonl",
      status: "DRAFT",
      bytes: file(tag),
      refusePhi: true,
    });
    expect(refused.committed).toBe(false);
    expect(refused.counts.phi).toBe(1);
    expect(refused.errors).toEqual([
      expect.objectContaining({
        line: 2,
        row: 2,
        message: expect.stringMatching(/PHONE "555-201-3344" in input/),
      }),
    ]);
    expect(await created(tag)).toBe(0);

    const ok = await importSeedFile(actor, { fileName: "s.jsonl", status: "DRAFT", bytes: file(tag) });
    expect(ok).toMatchObject({ committed: true, counts: { created: 3, phi: 1 } });
    expect(ok.phi?.[0]?.findings.map((f) => f.category).sort()).toEqual(["DATE", "PHONE"]);
    expect(await created(tag)).toBe(3);
  });

  it("an import job shows the findings in its preview; committing with refusePhi is refused, without it imports", async () => {
    const author = await makeUser({ roles: ["AUTHOR"] });
    const actor = { id: author.id, roles: author.roles };
    const tag = `j${Math.random()}`;
    const job = await startSeedImport(actor, { fileName: "s.jsonl", status: "DRAFT", bytes: file(tag) });
    expect(job.state).toBe("READY"); // small files are checked within the request
    expect(job.report?.phi?.map((p) => p.line)).toEqual([2]);
    const error = await commitSeedImport(actor, { id: job.id, refusePhi: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(
      /Not imported: 1 row has possible patient identifiers \(line 2: /,
    );
    expect((await importJobView(actor, job.id)).state).toBe("READY");
    expect(await created(tag)).toBe(0);
    await commitSeedImport(actor, { id: job.id });
    const end = Date.now() + 60_000;
    while ((await importJobView(actor, job.id)).state !== "COMMITTED" && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect(await created(tag)).toBe(3);
  });

  it("the CLI prints the findings by line and --refuse-phi refuses the file", async () => {
    const admin = await makeUser({ roles: ["ADMIN"] });
    const tag = `c${Math.random()}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "medseed-phi-import-"));
    const f = path.join(dir, "seeds.jsonl");
    fs.writeFileSync(f, file(tag));
    const r = await npmRun(["medseed", "--", "import", f, "--refuse-phi", "--author", admin.email], {
      DATABASE_URL: process.env.DATABASE_URL,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line 2: (DATE|PHONE) /);
    expect(r.stderr).toMatch(/Nothing was imported: 1 row has errors/);
    expect(await created(tag)).toBe(0);
  });
});
