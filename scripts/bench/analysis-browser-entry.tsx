// Bundled by scripts/bench/analysis-render.ts for Chromium: draws a job's analysis as the page's client
// components do, and notes how long until every chart has been drawn (the shapes stop changing).
import { createRoot } from "react-dom/client";
import { AnalysisView } from "@/components/dataset/analysis-view";
import type { JobAnalysis } from "@/lib/dataset/types";

type BenchWindow = Window & { __ANALYSIS__: JobAnalysis; __DRAWN_MS__?: number; __SHAPES__?: number };
const w = window as unknown as BenchWindow;
const started = performance.now();
createRoot(document.getElementById("root") as HTMLElement).render(<AnalysisView analysis={w.__ANALYSIS__} />);

const STABLE_FRAMES = 5;
let last = -1;
let stable = 0;
let drawnAt = 0;
const shapes = () => document.querySelectorAll("svg path, svg rect").length;
const watch = () => {
  const n = shapes();
  if (n > 0 && n === last) stable++;
  else {
    stable = 0;
    drawnAt = performance.now();
  }
  last = n;
  if (stable >= STABLE_FRAMES) {
    w.__DRAWN_MS__ = drawnAt - started;
    w.__SHAPES__ = n;
  } else requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
