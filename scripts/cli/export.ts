// `medseed export`: seeds to a file, byte-for-byte what the Exports page gives.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { summaryLines } from "@/lib/provenance/summary";
import { cliActor } from "./actor";
import { UsageError, withDatabase } from "./shared";

/** Beside the file: `<out>.sources.json`, the licences and citations of the seeds it holds (issue 15). */
function writeSources(out: string, meta: Record<string, unknown>) {
  fs.writeFileSync(`${out}.sources.json`, `${JSON.stringify(meta, null, 2)}\n`);
}

export function registerExport(program: Command) {
  program
    .command("export")
    .description(
      "export seeds to a file, byte-for-byte what the Exports page gives (approved: also recorded as an export)",
    )
    .option("--format <format>", "alpacare | self-instruct | alpaca | jsonl | csv (not with --dry-run)")
    .option("--out <file>", "where to write it (written whole, or not at all)")
    .option("--dry-run", "say how many approved seeds the export would hold, and write nothing")
    .option(
      "--status <status>",
      "approved (a recorded, versioned export) | all (every task not archived; not recorded)",
      "approved",
    )
    .option("--topic <topic>", "only this topic")
    .option("--view <view>", "only this view")
    .option("--type <type>", "only this task type")
    .option("--difficulty <levels>", "only these difficulties, e.g. 4,5")
    .option(
      "--accept-phi <reason>",
      "resolve the possible patient identifiers left in these seeds as accepted by you, with this reason (audited); without it such an export is refused",
    )
    .option(
      "--author <email>",
      "the account recording the export (default: the only admin, when there is exactly one)",
    )
    .action(
      async (opts: {
        format?: string;
        out?: string;
        dryRun?: boolean;
        status: string;
        topic?: string;
        view?: string;
        type?: string;
        difficulty?: string;
        author?: string;
        acceptPhi?: string;
      }) => {
        const { createExportSchema } = await import("@/lib/validation/export");
        if (!opts.format && !opts.dryRun)
          throw new UsageError(
            "--format: say which format to write: alpacare, self-instruct, alpaca, jsonl or csv",
          );
        const parsed = createExportSchema.safeParse({
          // A dry run counts seeds, whatever the format.
          format: opts.format ?? "alpacare",
          filter: { topic: opts.topic, view: opts.view, type: opts.type, difficulty: opts.difficulty },
          acceptPhi: opts.acceptPhi,
        });
        if (!parsed.success)
          throw new UsageError(
            parsed.error.issues.map((i) => `--${String(i.path.at(-1) ?? "format")}: ${i.message}`).join("\n"),
          );
        const scope = opts.status.trim().toLowerCase();
        if (scope !== "approved" && scope !== "all")
          throw new UsageError(`--status: use approved or all (got "${opts.status}")`);
        if (opts.dryRun) {
          if (scope !== "approved") throw new UsageError("--dry-run counts an export of approved seeds only");
          await withDatabase(async () => {
            const { previewExport } = await import("@/lib/exports/use-cases/preview-export");
            const actor = await cliActor(opts.author, "exporting");
            const { previewPhiSentence } = await import("@/lib/exports/preview-words");
            const preview = await previewExport(actor, parsed.data.filter);
            const { seeds } = preview;
            console.log(
              `${seeds} approved seed ${seeds === 1 ? "task matches" : "tasks match"}: an export now would hold ${seeds === 1 ? "it" : "them"} (nothing written)`,
            );
            const phi = previewPhiSentence(
              preview,
              (them) => `you accept ${them} knowingly (export --accept-phi "REASON")`,
            );
            if (phi) console.log(phi);
          });
          return;
        }
        if (!opts.out) throw new UsageError("--out: say where to write the export (or give --dry-run)");
        const out = opts.out;
        const outDir = path.dirname(path.resolve(out));
        if (!fs.existsSync(outDir)) throw new UsageError(`--out: the folder ${outDir} does not exist`);
        const { format, filter, acceptPhi } = parsed.data;
        const accepted = (n: number) =>
          n ? `\n${n} possible patient identifier(s) accepted with your reason (audited)` : "";
        const tmp = `${out}.partial-${process.pid}`;
        await withDatabase(async () => {
          const fd = fs.openSync(tmp, "w");
          try {
            const actor = await cliActor(opts.author, "exporting");
            if (scope === "all") {
              const { exportAllSeeds } = await import("@/lib/exports/use-cases/export-all-seeds");
              const r = await exportAllSeeds(
                actor,
                { format, filter, acceptPhi },
                { write: async (b) => void fs.writeSync(fd, b) },
              );
              fs.closeSync(fd);
              writeSources(out, { records: r.count, sha256: r.sha256, ...r.sources });
              fs.renameSync(tmp, out);
              console.log(
                `${r.count} seed tasks (all statuses but archived; not recorded as an export) -> ${out}\nsha256 ${r.sha256}${accepted(r.phiAccepted)}`,
              );
              for (const line of summaryLines(r.sources)) console.log(line);
              return;
            }
            const { createExport } = await import("@/lib/exports/use-cases/create-export");
            const { exportStream } = await import("@/lib/exports/store");
            const e = await createExport(actor, { format, filter, acceptPhi });
            const reader = exportStream(e.id).getReader();
            for (let next = await reader.read(); !next.done; next = await reader.read())
              fs.writeSync(fd, next.value);
            fs.closeSync(fd);
            const { getExport } = await import("@/lib/exports/use-cases/get-export");
            const sources = (await getExport(actor, { exportId: e.id }))?.sources;
            if (sources)
              writeSources(out, {
                export: e.number,
                records: e.recordCount,
                sha256: e.sha256,
                ...sources,
              });
            fs.renameSync(tmp, out);
            console.log(
              `export #${e.number}: ${e.recordCount} approved seed tasks, ${e.byteSize} bytes -> ${out}\nsha256 ${e.sha256}${accepted(e.phiAccepted)}`,
            );
            if (sources) for (const line of summaryLines(sources)) console.log(line);
          } catch (error) {
            try {
              fs.closeSync(fd);
            } catch {}
            fs.rmSync(tmp, { force: true });
            throw error;
          }
        });
      },
    );
}
