// The words a job, rating job or evaluation run pauses with when its budget is reached: every engine's message
// starts with them, and the resume form (components/generation/resume-with-budget.tsx) tells a budget pause by
// them, so that it offers a raised budget. Kept apart from budget.ts, which the browser must not load.

export const BUDGET_PAUSE_PREFIX = "The budget of ";

export const isBudgetPause = (message: string | null | undefined): boolean =>
  typeof message === "string" && message.startsWith(BUDGET_PAUSE_PREFIX);
