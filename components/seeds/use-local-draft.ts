"use client";

import { useCallback, useMemo, useState } from "react";
import type { SeedForm } from "./seed-form-types";

// A copy of what is typed, kept in the browser until the server has it, so a refresh, a closed tab or a
// dropped connection never loses text. Offered back (never applied silently) when it differs from the server.

type Stored = { form: SeedForm; baseVersion: number | null; at: string };
const keyFor = (id: string | null) => `medseed:seed-draft:${id ?? "new"}`;

function read(id: string | null): Stored | null {
  try {
    const raw = window.localStorage.getItem(keyFor(id));
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export function useLocalDraft(id: string | null) {
  const [offer, setOffer] = useState<Stored | null>(null);

  const loadOffer = useCallback(
    (serverForm: SeedForm, same: (a: SeedForm, b: SeedForm) => boolean) => {
      const stored = read(id);
      if (stored && !same(stored.form, serverForm)) setOffer(stored);
      else if (stored) window.localStorage.removeItem(keyFor(id));
    },
    [id],
  );

  const keep = useCallback((form: SeedForm, baseVersion: number | null, forId: string | null) => {
    try {
      window.localStorage.setItem(
        keyFor(forId),
        JSON.stringify({ form, baseVersion, at: new Date().toISOString() }),
      );
    } catch {
      // storage full or disabled: the server copy is then the only one; the status line says if it is behind
    }
  }, []);

  const clear = useCallback((forId: string | null) => {
    window.localStorage.removeItem(keyFor(forId));
  }, []);

  const dismissOffer = useCallback(() => setOffer(null), []);
  return useMemo(
    () => ({ offer, dismissOffer, loadOffer, keep, clear }),
    [offer, dismissOffer, loadOffer, keep, clear],
  );
}
