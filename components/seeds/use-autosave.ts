"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import type { FieldErrors } from "@/lib/errors";
import type { SavedSeed } from "@/lib/seeds/actions";
import { localTimes } from "@/lib/utils/utc-minute";
import type { SeedForm } from "./seed-form-types";

export type SaveStatus =
  | "idle"
  | "dirty"
  /** typed, but nothing is saved without an instruction (said in the bar: it waited silently) */
  | "needs-instruction"
  | "saving"
  | "saved"
  | "invalid"
  | "conflict"
  | "offline"
  | "error";

/** What the server holds after a flush; `inSync`: it is what is on screen. */
export type Flushed<F = SeedForm> = {
  id: string | null;
  version: number | null;
  form: F;
  inSync: boolean;
  /** why not, when not */
  problem: string | null;
};

/** The form needs an instruction (nothing is saved without one); `same` tells two states of it apart. */
type Options<F extends { instruction: string }, S extends { id: string; version: number }> = {
  form: F;
  initial: { id: string | null; version: number | null; form: F };
  save: (form: F, id: string | null, version: number | null) => Promise<ActionResult<S>>;
  onSaved: (saved: S, form: F, wasNew: boolean) => void;
  same: (a: F, b: F) => boolean;
  delayMs?: number;
};

/**
 * Saves drafts while typing: after a pause, on demand (Ctrl/Cmd+S), one save at a time, the latest text
 * always winning. A refused save (invalid, conflict) stops autosaving until the person acts; a failed
 * connection retries with growing waits while the local copy keeps the text.
 */
export function useAutosave<
  F extends { instruction: string } = SeedForm,
  S extends { id: string; version: number } = SavedSeed,
>({ form, initial, save, onSaved, same, delayMs = 1500 }: Options<F, S>) {
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const server = useRef(initial);
  // Read through a ref: callers may pass a new function each render, which must not restart the timers.
  const sameRef = useRef(same);
  sameRef.current = same;
  const inFlight = useRef(false);
  // false once the editor is gone (see the save on leaving, below)
  const alive = useRef(true);
  const again = useRef(false);
  const latest = useRef(form);
  const retryWait = useRef(2000);
  // Why the last attempt left the server behind the screen (null after a save that took everything).
  const problem = useRef<string | null>(null);
  latest.current = form;

  const saveNow = useCallback(async () => {
    const current = latest.current;
    if (inFlight.current) {
      again.current = true; // saved as soon as the save under way is done
      return;
    }
    if (sameRef.current(current, server.current.form)) return;
    if (!current.instruction.trim()) {
      problem.current = "Write the instruction first: a task without one is not saved.";
      if (alive.current) setStatus("needs-instruction");
      return;
    }
    inFlight.current = true;
    setStatus("saving");
    let result: ActionResult<S>;
    try {
      result = await save(current, server.current.id, server.current.version);
    } catch {
      result = { ok: false, code: "INTERNAL", message: "offline" };
    }
    inFlight.current = false;
    if (!alive.current) {
      // Saved on the way out of the editor (below): the page that asked is gone, so nothing on it to update.
      if (result.ok) server.current = { id: result.data.id, version: result.data.version, form: current };
      if (again.current) {
        again.current = false;
        void saveNow();
      }
      return;
    }
    if (result.ok) {
      const wasNew = server.current.id === null;
      server.current = { id: result.data.id, version: result.data.version, form: current };
      retryWait.current = 2000;
      problem.current = null;
      setFieldErrors({});
      setMessage(null);
      onSaved(result.data, current, wasNew);
      setStatus(sameRef.current(latest.current, current) ? "saved" : "dirty");
      if (again.current) {
        again.current = false;
        void saveNow();
      }
      return;
    }
    if (result.message === "offline") {
      setStatus("offline");
      problem.current =
        "MedSeed cannot be reached, so what is on screen is not saved (it is kept in this browser).";
      setMessage("Not saved: MedSeed cannot be reached. Your text is kept in this browser; retrying…");
      setTimeout(() => void saveNow(), retryWait.current);
      retryWait.current = Math.min(retryWait.current * 2, 30_000);
      return;
    }
    again.current = false;
    // A stale save's time in the reader's own zone (the server's message says it in UTC).
    const shown = localTimes(result.message);
    problem.current = shown;
    setFieldErrors(result.fieldErrors ?? {});
    setMessage(shown);
    setStatus(result.code === "CONFLICT" ? "conflict" : result.code === "INVALID" ? "invalid" : "error");
  }, [save, onSaved]);

  // Debounced autosave whenever the text differs from what the server has.
  useEffect(() => {
    if (sameRef.current(form, server.current.form)) return;
    // A refusal or an outage stays on screen until the next save attempt tells more.
    setStatus((s) =>
      s === "idle" || s === "saved" || (s === "needs-instruction" && form.instruction.trim()) ? "dirty" : s,
    );
    if (status === "conflict" || status === "offline") return; // offline retries on its own timer
    const t = setTimeout(() => void saveNow(), delayMs);
    return () => clearTimeout(t);
  }, [form, delayMs, saveNow, status]);

  // Leaving the editor inside the app (a link, the back button) unmounts it: what the pause had not saved yet
  // is saved on the way out (it was left to the local copy in this one browser), unless a refusal or an
  // outage holds saving back. A full unload is the warning's below.
  const statusNow = useRef(status);
  statusNow.current = status;
  const saveOnLeave = useRef(saveNow);
  saveOnLeave.current = saveNow;
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      const held = statusNow.current === "conflict" || statusNow.current === "offline";
      if (!held && !sameRef.current(latest.current, server.current.form)) void saveOnLeave.current();
    };
  }, []);

  // Warn before leaving with unsaved text (the local copy would still offer it back).
  useEffect(() => {
    const guard = (e: BeforeUnloadEvent) => {
      if (!sameRef.current(latest.current, server.current.form)) e.preventDefault();
    };
    window.addEventListener("beforeunload", guard);
    return () => window.removeEventListener("beforeunload", guard);
  }, []);

  /**
   * Waits for any save under way, saves what is left, and returns what the server then has, with `inSync`
   * telling whether that is exactly what is on screen (a refused or failed save leaves it behind).
   */
  const flush = useCallback(async (): Promise<Flushed<F>> => {
    const idle = async () => {
      while (inFlight.current) await new Promise((r) => setTimeout(r, 50));
    };
    await idle();
    await saveNow();
    await idle();
    const inSync = sameRef.current(latest.current, server.current.form);
    return { ...server.current, inSync, problem: inSync ? null : problem.current };
  }, [saveNow]);

  return { status, message, fieldErrors, setFieldErrors, setMessage, saveNow, flush, server };
}
