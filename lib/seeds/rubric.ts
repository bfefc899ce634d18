// AlpaCare's difficulty rubric (paper, Table 3), shown beside the difficulty choice.
export const DIFFICULTY_RUBRIC: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: "A very basic fact, apparent immediately or found by a direct search.",
  2: "A simple fact needing slight real-world knowledge, rephrasing or extension.",
  3: "Real-world application in a practical, somewhat complicated situation; may need communication skills, emotional support, psychological evaluation or ethical considerations.",
  4: "Complicated medical facts, multi-step thinking, long detailed questions (most USMLE questions), vague symptoms, recent advances or current global health issues.",
  5: "Complex knowledge applied to intricate real cases: highly vague symptoms, new technologies, decision-making among options, humane care.",
};
