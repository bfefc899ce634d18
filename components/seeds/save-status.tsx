import { AlertTriangle, Check, CloudOff, Loader2, Pencil } from "lucide-react";
import type { SaveStatus as Status } from "./use-autosave";

const TEXT: Record<Status, string> = {
  idle: "No changes",
  dirty: "Unsaved changes",
  "needs-instruction": "Not saved: write the instruction first (nothing is saved without it)",
  saving: "Saving…",
  saved: "All changes saved",
  invalid: "Not saved: check the highlighted fields",
  conflict: "Not saved: changed elsewhere",
  offline: "Offline: kept in this browser",
  error: "Not saved",
};

export function SaveStatus({ status, version }: { status: Status; version: number | null }) {
  const Icon =
    status === "saving"
      ? Loader2
      : status === "saved"
        ? Check
        : status === "offline"
          ? CloudOff
          : status === "dirty" || status === "needs-instruction"
            ? Pencil
            : AlertTriangle;
  return (
    <p
      role="status"
      className="flex items-center gap-1.5 text-muted-foreground text-sm"
      data-save-status={status}
      data-version={version ?? ""}
    >
      {status === "idle" ? null : (
        <Icon aria-hidden="true" className={status === "saving" ? "size-4 animate-spin" : "size-4"} />
      )}
      {TEXT[status]}
      {version ? <span className="text-xs">· version {version}</span> : null}
    </p>
  );
}
