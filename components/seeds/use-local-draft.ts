"use client";

import { useCallback, useMemo, useState } from "react";
import type { SeedForm } from "./seed-form-types";

// A copy of what is typed, kept in the browser until the server has it, so a refresh, a closed tab or a
// dropped connection never loses text. Offered back (never applied silently) when it differs from the server.
// A copy on offer moves to a slot of its own until the person restores or discards it: typing on meanwhile
// (the offer ignored) keeps its own copy in the usual slot and no longer overwrites the one on offer.

/** `base`: the server's version of the form the copy was typed on (what restoring compares it with) */
export type KeptDraft = { form: SeedForm; base?: SeedForm; at: string };
const keyFor = (id: string | null) => `medseed:seed-draft:${id ?? "new"}`;
const offerKeyFor = (id: string | null) => `medseed:seed-draft-offer:${id ?? "new"}`;

function read(key: string): KeptDraft | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as KeptDraft) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: KeptDraft): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the server copy is then the only one; the status line says if it is behind
  }
}

export function useLocalDraft(id: string | null) {
  // The slot it is kept in with it: a new task's offer, settled once the task has an id, is still the new one's.
  const [offer, setOffer] = useState<(KeptDraft & { key: string }) | null>(null);

  const loadOffer = useCallback(
    (serverForm: SeedForm, same: (a: SeedForm, b: SeedForm) => boolean) => {
      // One still on offer from an earlier visit first; else what was typed and never reached the server.
      for (const key of [offerKeyFor(id), keyFor(id)]) {
        const stored = read(key);
        if (!stored) continue;
        window.localStorage.removeItem(key);
        if (same(stored.form, serverForm)) continue;
        write(offerKeyFor(id), stored);
        setOffer({ ...stored, key: offerKeyFor(id) });
        return;
      }
    },
    [id],
  );

  const keep = useCallback(
    (form: SeedForm, forId: string | null, base: SeedForm) =>
      write(keyFor(forId), { form, base, at: new Date().toISOString() }),
    [],
  );

  const clear = useCallback((forId: string | null) => {
    window.localStorage.removeItem(keyFor(forId));
  }, []);

  /** The offer restored or discarded: gone from the browser too. */
  const settleOffer = useCallback(() => {
    if (offer) window.localStorage.removeItem(offer.key);
    setOffer(null);
  }, [offer]);
  return useMemo(
    () => ({ offer, settleOffer, loadOffer, keep, clear }),
    [offer, settleOffer, loadOffer, keep, clear],
  );
}
