import { type PromptSeed, renderSeedBlock } from "@/lib/generation/prompt/seed-block";

/** The task exactly as a generation request shows it to the model (as one of the 3 sampled seeds). */
export function PromptPreview({ seed }: { seed: PromptSeed }) {
  return (
    <section aria-labelledby="prompt-preview-heading" className="grid gap-2">
      <h2 id="prompt-preview-heading" className="font-medium text-sm">
        Prompt preview
      </h2>
      <p className="text-muted-foreground text-xs">
        How the generation prompt shows this task to the model, as one of the three sampled seeds. The
        reference output and the note are not shown to it.
      </p>
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/50 p-3 font-mono text-xs">
        {renderSeedBlock(seed, 1)}
      </pre>
    </section>
  );
}
