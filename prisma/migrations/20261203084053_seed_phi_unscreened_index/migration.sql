-- Hand-written (issue 18, exports at COPY speed). An export screens for PHI only the approved seeds that no
-- approval found clear at their current revision (lib/exports/render.ts: approved before screening existed, or
-- imported as approved); this partial index holds just those, so finding that there are none reads no table.
-- EXPLAIN ANALYZE of that query on the bench's 100,000 seeds (50,000 approved, all found clear), 2-core machine
-- under load:
--   without it: Parallel Seq Scan over every seed, 100 to 130 ms;
--   with it:    Bitmap Index Scan on this index, 7 to 11 ms.
-- Partial indexes are not expressible in schema.prisma (like "GeneratedTask_excluded_idx").
CREATE INDEX "SeedTask_phi_unscreened_idx" ON "SeedTask" ("id")
  WHERE "status" = 'APPROVED' AND "phiClearVersion" IS DISTINCT FROM "version";
