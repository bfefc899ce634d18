// Chart colours: distinguishable hues for up to 20 verbs; every chart also says its numbers in text.
export const PALETTE = [
  "#2563eb",
  "#16a34a",
  "#dc2626",
  "#9333ea",
  "#ea580c",
  "#0891b2",
  "#ca8a04",
  "#db2777",
  "#4f46e5",
  "#059669",
  "#b91c1c",
  "#7c3aed",
  "#c2410c",
  "#0e7490",
  "#a16207",
  "#be185d",
  "#1d4ed8",
  "#15803d",
  "#6d28d9",
  "#0f766e",
];
export const SEEDS_COLOUR = "#94a3b8";
export const GENERATED_COLOUR = "#2563eb";
