import { db } from "@/lib/db";
import { importTestsetText } from "@/lib/evaluation/testsets";
import { medinstructLines } from "./evaluation-files";
import { makeUser } from "./factories";

export { medinstructLines };

// Helpers for evaluation tests: a synthetic MedInstruct-test file (tests never read ../shared), imported.

export async function makeTestset(n: number, name = `set-${Math.random().toString(36).slice(2, 8)}`) {
  const author = await makeUser({ roles: ["AUTHOR"], label: "tsauthor" });
  const report = await importTestsetText(author, {
    name,
    fileName: "medinstruct-test.jsonl",
    text: medinstructLines(n),
  });
  if (!report.ok) throw new Error(JSON.stringify(report.errors));
  const version = await db.testSetVersion.findFirstOrThrow({ where: { testSetId: report.testSetId } });
  return { name, report, version, author };
}
