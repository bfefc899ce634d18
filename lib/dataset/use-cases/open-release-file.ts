import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { ReleaseFormat } from "../publish/formats";
import { getRelease as findRelease, type ReleaseFileSummary, releaseFileStream } from "../releases/store";

/** One file of a built release: what it is, and its stored bytes streamed as they were written. */
export async function openReleaseFile(
  actor: Actor,
  input: { releaseId: string; format: ReleaseFormat },
): Promise<{ file: ReleaseFileSummary; stream: ReadableStream<Uint8Array> }> {
  authorize(actor, "dataset.read");
  const release = await findRelease(input.releaseId);
  if (!release) throw new AppError("NOT_FOUND", "No published dataset with that id.");
  if (release.state !== "READY")
    throw new AppError(
      "CONFLICT",
      release.state === "PENDING"
        ? "The dataset is still being built: try again shortly."
        : "This release failed to build.",
    );
  const file = release.files.find((f) => f.format === input.format);
  if (!file) throw new AppError("NOT_FOUND", `This release has no ${input.format} file.`);
  return { file, stream: releaseFileStream(release.id, input.format) };
}
