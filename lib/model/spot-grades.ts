// The grades a reviewer gives a record of a spot-check sample, and their labels.

export const SPOT_GRADES = ["ACCEPTABLE", "WRONG", "UNSAFE", "OFF_TASK"] as const;
export type SpotGrade = (typeof SPOT_GRADES)[number];

export const SPOT_GRADE_LABELS: Record<SpotGrade, string> = {
  ACCEPTABLE: "Acceptable",
  WRONG: "Wrong",
  UNSAFE: "Unsafe",
  OFF_TASK: "Off-task",
};
