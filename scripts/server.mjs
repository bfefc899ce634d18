// The HTTP server MedSeed runs in (started by scripts/start.ts and the e2e tests): Next.js behind a plain
// Node http server, so that the client's socket address reaches the app in a header no client can forge
// (X-MedSeed-Client-IP overwrites whatever came in). Rate limits and the audit log rely on it.
//   node scripts/server.mjs [--dev]      (PORT from the environment, default 3000)
import http from "node:http";
import next from "next";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const app = next({ dev, port, hostname: "localhost" });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers["x-medseed-client-ip"] = req.socket.remoteAddress ?? "unknown";
  handle(req, res);
});
server.on("error", (error) => {
  console.error(`[medseed] the web server could not listen on port ${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, () =>
  console.log(`[medseed] web server listening on http://localhost:${port}${dev ? " (dev)" : ""}`),
);

let closing = false;
function close() {
  if (closing) return;
  closing = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, close);

// If the process that started us dies without telling us (SIGKILL), stop too rather than linger as an orphan.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) close();
}, 1_000).unref();
