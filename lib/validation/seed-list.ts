import { z } from "zod";
import { SEED_STATUSES } from "@/lib/model/seed-status";
import { SOURCE_KINDS } from "@/lib/model/source-kinds";
import { fromDigits } from "./numbers";
import { SEARCH_MAX, searchText, storableText } from "./text";

// The seed list's filters, sort and page, as kept in the URL (so a filtered view can be bookmarked/shared).
export const SEED_SORTS = ["updated", "created", "difficulty", "topic", "type"] as const;
export const PAGE_SIZES = [25, 50, 100] as const;

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : String(v).split(",")),
    z.array(item),
  );

// A value that cannot be used (too long, a NUL, "0x3" for a difficulty) is dropped, not guessed at.
const text = (max: number) => storableText().trim().max(max).optional().catch(undefined);

export const seedListQuerySchema = z.object({
  q: searchText(SEARCH_MAX),
  // "draft" typed by hand is DRAFT: the statuses are upper case in links the app makes, any case in ones people type.
  status: many(
    z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.enum(SEED_STATUSES)),
  ).catch([]),
  topic: text(100),
  view: text(100),
  type: text(100),
  difficulty: many(z.preprocess(fromDigits, z.number().int().min(1).max(5))).catch([]),
  author: text(200),
  // provenance and licence (issue 15): by source kind and by licence
  source: z.enum(SOURCE_KINDS).optional().catch(undefined),
  licence: text(100),
  sort: z.enum(SEED_SORTS).catch("updated").default("updated"),
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  size: z.coerce
    .number()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(25)
    .default(25),
});
export type SeedListQuery = z.output<typeof seedListQuerySchema>;

/** Back to URL parameters, leaving out defaults so links stay short. */
export function seedListParams(query: Partial<SeedListQuery>): URLSearchParams {
  const p = new URLSearchParams();
  if (query.q) p.set("q", query.q);
  if (query.status?.length) p.set("status", query.status.join(","));
  if (query.topic) p.set("topic", query.topic);
  if (query.view) p.set("view", query.view);
  if (query.type) p.set("type", query.type);
  if (query.difficulty?.length) p.set("difficulty", query.difficulty.join(","));
  if (query.author) p.set("author", query.author);
  if (query.source) p.set("source", query.source);
  if (query.licence) p.set("licence", query.licence);
  if (query.sort && query.sort !== "updated") p.set("sort", query.sort);
  if (query.dir && query.dir !== "desc") p.set("dir", query.dir);
  if (query.page && query.page > 1) p.set("page", String(query.page));
  if (query.size && query.size !== 25) p.set("size", String(query.size));
  return p;
}
