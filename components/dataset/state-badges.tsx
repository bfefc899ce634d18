import { Badge, type BadgeProps } from "@/components/ui/badge";
import { reasonLabel } from "@/lib/model/discard-reasons";
import { RECORD_STATE_LABELS, type RecordState, recordState } from "@/lib/model/record-state";
import { RELEASE_STATE_LABELS, type ReleaseState } from "@/lib/model/release-states";

const RECORD_VARIANT = {
  kept: "success",
  excluded: "destructive",
  discarded: "outline",
} as const satisfies Record<RecordState, BadgeProps["variant"]>;

/**
 * A generated record's one state chip (kept, excluded or discarded), with the discard reason or, when
 * given, the reviewer's reason to exclude.
 */
export function RecordStateBadge({
  record,
}: {
  record: { kept: boolean; excluded: boolean; reason: string | null; excludedReason?: string | null };
}) {
  const state: RecordState = recordState(record);
  const why =
    state === "discarded"
      ? reasonLabel(record.reason ?? "")
      : state === "excluded"
        ? record.excludedReason
        : null;
  return (
    <Badge variant={RECORD_VARIANT[state]}>
      {RECORD_STATE_LABELS[state]}
      {why ? `: ${why}` : ""}
    </Badge>
  );
}

const RELEASE_VARIANT = {
  PENDING: "secondary",
  READY: "success",
  FAILED: "destructive",
} as const satisfies Record<ReleaseState, BadgeProps["variant"]>;

export function ReleaseStateBadge({ state }: { state: ReleaseState }) {
  return <Badge variant={RELEASE_VARIANT[state]}>{RELEASE_STATE_LABELS[state]}</Badge>;
}
