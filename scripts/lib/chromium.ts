// The browser for e2e tests and `npm run bench`: Debian's Chromium by default (CHROMIUM_PATH for another),
// with the flags this machine needs (running as root, no GPU, no network beyond localhost).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];
