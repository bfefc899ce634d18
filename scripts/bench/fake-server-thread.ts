import { parentPort, Worker, workerData } from "node:worker_threads";
import {
  type FakeServer,
  type FakeServerOptions,
  startFakeOpenAIServer,
} from "@/tests/support/fake-openai-server";

// The local OpenAI-compatible server in a thread of its own, for the benchmarks that time the client side:
// a real provider answers from another machine, so its work (parsing each request, writing each answer) should
// not share the event loop it is meant to measure. Options that are functions (rater, modelWrites) cannot
// cross the thread boundary; the benches that use this thread do not need them.

type Serializable = Omit<FakeServerOptions, "rater" | "modelWrites">;
export type ThreadedFakeServer = {
  baseUrl: string;
  stats(): Promise<FakeServer["stats"]>;
  close(): Promise<void>;
};

export async function startFakeServerThread(options: Serializable): Promise<ThreadedFakeServer> {
  const worker = new Worker(new URL(import.meta.url), { workerData: options });
  const replies = new Map<number, (value: unknown) => void>();
  let next = 0;
  const ask = <T>(kind: string) =>
    new Promise<T>((resolve) => {
      const id = next++;
      replies.set(id, resolve as (value: unknown) => void);
      worker.postMessage({ id, kind });
    });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (m: { baseUrl: string }) => resolve(m.baseUrl));
  });
  worker.on("message", (m: { id: number; value: unknown }) => {
    replies.get(m.id)?.(m.value);
    replies.delete(m.id);
  });
  return {
    baseUrl,
    stats: () => ask<FakeServer["stats"]>("stats"),
    async close() {
      await ask("close");
      await worker.terminate();
    },
  };
}

if (parentPort && workerData) {
  const port = parentPort;
  const server = await startFakeOpenAIServer(workerData as Serializable);
  port.postMessage({ baseUrl: server.baseUrl });
  port.on("message", async (m: { id: number; kind: "stats" | "close" }) => {
    if (m.kind === "stats") port.postMessage({ id: m.id, value: server.stats });
    else {
      await server.close();
      port.postMessage({ id: m.id, value: null });
    }
  });
}
