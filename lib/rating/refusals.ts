// Refusal and disclaimer phrases in generated responses. A refusal declines the task ("I cannot provide
// medical advice"); a disclaimer hedges an answer that is otherwise given ("As an AI...", "consult your
// doctor"). Both are signals beside a record, not verdicts: for a patient-facing question, advice to see a
// doctor can be the right answer. Each pattern has an id so the list can be filtered and counted, and
// tests/unit/rating-signals.test.ts holds a positive and a negative example for every one.

export type PhraseKind = "refusal" | "disclaimer";
export type PhrasePattern = { id: string; kind: PhraseKind; pattern: RegExp; example: string };

// "I" + a negated ability: cannot, can't, can not, am unable to, am not able to, 'm not allowed to, won't.
const I_CANNOT = String.raw`\bI\s*(?:can\s*not|can't|cannot|won't|will\s+not|am\s+unable\s+to|'m\s+unable\s+to|am\s+not\s+(?:able|allowed|permitted)\s+to|'m\s+not\s+(?:able|allowed|permitted)\s+to)`;

export const PHRASE_PATTERNS: readonly PhrasePattern[] = [
  {
    id: "cannot-give-medical-advice",
    kind: "refusal",
    pattern: new RegExp(
      String.raw`${I_CANNOT}\s+(?:provide|give|offer|dispense)\s+(?:you\s+)?(?:with\s+)?(?:any\s+)?(?:specific\s+|personal(?:ized|ised)?\s+|professional\s+|individual(?:ized|ised)?\s+)?medical\s+advice`,
      "i",
    ),
    example: "I cannot provide medical advice.",
  },
  {
    id: "cannot-help",
    kind: "refusal",
    pattern: new RegExp(
      String.raw`${I_CANNOT}\s+(?:help|assist|answer|comply|fulfil|fulfill|diagnose|prescribe|recommend|do\s+that|complete\s+(?:this|that))\b`,
      "i",
    ),
    example: "I'm unable to diagnose your condition.",
  },
  {
    id: "sorry-but",
    kind: "refusal",
    pattern: new RegExp(String.raw`\b(?:I'm|I\s+am)\s+sorry,?\s+(?:but\s+)?${I_CANNOT}`, "i"),
    example: "I'm sorry, but I can't help with that request.",
  },
  {
    id: "as-an-ai",
    kind: "disclaimer",
    pattern:
      /\bas\s+an?\s+(?:ai|artificial\s+intelligence)(?:\s+(?:language\s+model|assistant|model|chatbot))?\b/i,
    example: "As an AI language model, I don't have personal opinions.",
  },
  {
    id: "language-model",
    kind: "disclaimer",
    pattern:
      /\bI(?:'m|\s+am)\s+(?:just\s+|only\s+)?an?\s+(?:ai|language\s+model|large\s+language\s+model|chatbot|virtual\s+assistant)\b/i,
    example: "I am just a language model.",
  },
  {
    id: "not-a-doctor",
    kind: "disclaimer",
    pattern:
      /\bI(?:'m|\s+am)\s+not\s+a\s+(?:licensed\s+|qualified\s+|real\s+)?(?:doctor|physician|medical\s+(?:professional|doctor|practitioner)|health\s*care\s+(?:professional|provider)|clinician|nurse|pharmacist)\b/i,
    example: "I'm not a doctor, but this sounds like a migraine.",
  },
  {
    id: "not-medical-advice",
    kind: "disclaimer",
    pattern:
      /\b(?:is|does)\s+not\s+(?:constitute\s+|replace\s+|a\s+substitute\s+for\s+)?(?:professional\s+)?medical\s+advice\b|\bnot\s+(?:intended\s+as|meant\s+as|a\s+substitute\s+for|a\s+replacement\s+for)\s+(?:professional\s+)?medical\s+advice\b/i,
    example: "This information is not a substitute for professional medical advice.",
  },
  {
    id: "informational-purposes",
    kind: "disclaimer",
    pattern: /\bfor\s+(?:general\s+)?(?:informational|information|educational)\s+purposes\s+only\b/i,
    example: "This is for informational purposes only.",
  },
  {
    id: "consult-a-professional",
    kind: "disclaimer",
    pattern:
      /\b(?:consult(?:ing)?(?:\s+with)?|see|seeing|speak(?:ing)?\s+(?:to|with)|talk(?:ing)?\s+(?:to|with)|check\s+with|contact|seek\s+advice\s+from)\s+(?:a|your|an?\s+qualified|a\s+licensed)\s+(?:doctor|physician|health\s*care\s+(?:provider|professional)|medical\s+professional|healthcare\s+team|gp|pharmacist|specialist)\b/i,
    example: "Please consult your doctor before changing the dose.",
  },
  {
    id: "knowledge-cutoff",
    kind: "disclaimer",
    pattern:
      /\b(?:my\s+knowledge\s+cut-?off|as\s+of\s+my\s+(?:last\s+)?(?:knowledge\s+)?(?:update|training)|my\s+training\s+data)\b/i,
    example: "As of my last update in 2021, the guideline recommended...",
  },
];

export type PhraseMatches = { refusal: boolean; disclaimer: boolean; patterns: string[] };

export function matchPhrases(text: string): PhraseMatches {
  // Curly apostrophes ("I’m", "can’t") are what models usually write.
  const t = text.replace(/[’‘]/g, "'");
  const hits = PHRASE_PATTERNS.filter((p) => p.pattern.test(t));
  return {
    refusal: hits.some((p) => p.kind === "refusal"),
    disclaimer: hits.some((p) => p.kind === "disclaimer"),
    patterns: hits.map((p) => p.id),
  };
}
