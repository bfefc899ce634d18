import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { requirePagePermission } from "@/lib/auth/session";
import { listCredentials } from "@/lib/generation/credentials";
import { loadPrices } from "@/lib/generation/prices-store";
import { TEMPLATE_PLACEHOLDERS } from "@/lib/generation/prompt/task-prompt";
import { promptHistory } from "@/lib/generation/prompts";
import { CredentialForm, PricesForm, PromptForm } from "../_components/settings-forms";

export const metadata: Metadata = { title: "Generation settings" };

export default async function Page() {
  await requirePagePermission("generation.configure");
  const [task, response, prices, credentials] = await Promise.all([
    promptHistory("TASK"),
    promptHistory("RESPONSE"),
    loadPrices(),
    listCredentials(),
  ]);
  const [currentTask, currentResponse] = [task[0], response[0]];
  if (!currentTask || !currentResponse) throw new Error("prompt templates missing");
  return (
    <>
      <PageHeader
        title="Generation settings"
        description="Prompt templates (versioned: each job keeps the version it used), the price table, and stored API keys."
      />
      <div className="grid gap-8">
        <PromptForm
          kind="TASK"
          title="Task-generation prompt"
          current={{ version: currentTask.version, system: currentTask.system, user: currentTask.user }}
          history={task.map((p) => ({
            version: p.version,
            at: p.createdAt.toISOString(),
            by: p.author,
            note: p.note,
          }))}
          placeholders={TEMPLATE_PLACEHOLDERS.map((p) => `${p.token}: ${p.description}`)}
        />
        <PromptForm
          kind="RESPONSE"
          title="Response system prompt"
          current={{ version: currentResponse.version, system: currentResponse.system, user: "" }}
          history={response.map((p) => ({
            version: p.version,
            at: p.createdAt.toISOString(),
            by: p.author,
            note: p.note,
          }))}
          placeholders={[]}
        />
        <PricesForm json={JSON.stringify(prices, null, 2)} />
        <CredentialForm
          credentials={credentials.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }))}
        />
      </div>
    </>
  );
}
