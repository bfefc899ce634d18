// Versioned, editable LLM prompts for judging and rating (the evaluation judge, the data rater): a system
// message and a user template with {{name}} placeholders. Shared by both so an admin editing either sees the
// same rules and the same messages. Client-safe: the template editor validates as the admin types.

export type PromptTemplate = { system: string; user: string };

export type Placeholder = {
  name: string;
  token: string;
  description: string;
  /** the user template must contain it exactly once (the material being judged) */
  required: boolean;
};

export type ChatMessage = { role: "system" | "user"; content: string };

/** Long enough for any sensible prompt, short enough to leave the context window to the material. */
export const TEMPLATE_MAX_CHARS = 20_000;

// Spaces inside the braces are tolerated ("{{ instruction }}"): people type them, and nothing else reads "{{".
const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** Problems a person can fix in the template editor; empty when the template can be used. */
export function templateProblems(t: PromptTemplate, placeholders: readonly Placeholder[]): string[] {
  const problems: string[] = [];
  const known = new Set(placeholders.map((p) => p.name));
  const tokens = placeholders.map((p) => p.token).join(", ");
  if (!t.system.trim()) problems.push("The system message is empty: say what the model is asked to do.");
  if (!t.user.trim()) problems.push("The user template is empty.");
  for (const [label, text] of [
    ["system message", t.system],
    ["user template", t.user],
  ] as const) {
    if (text.length > TEMPLATE_MAX_CHARS) {
      problems.push(
        `The ${label} is ${text.length.toLocaleString("en-US")} characters long; keep it under ${TEMPLATE_MAX_CHARS.toLocaleString("en-US")}.`,
      );
    }
    for (const [, name] of text.matchAll(PLACEHOLDER)) {
      if (!known.has(name as string)) {
        problems.push(`The ${label} contains an unknown placeholder {{${name}}}. Use one of: ${tokens}.`);
      }
    }
    if (/\{\{|\}\}/.test(text.replace(PLACEHOLDER, ""))) {
      problems.push(`The ${label} has an unmatched "{{" or "}}": write placeholders as {{name}}.`);
    }
  }
  const names = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const inSystem = names(t.system);
  const inUser = names(t.user);
  for (const p of placeholders.filter((x) => x.required)) {
    // The material goes in the user message, once: twice would show a long answer twice and double its cost.
    if (inSystem.includes(p.name))
      problems.push(`${p.token} belongs in the user template, not in the system message.`);
    const count = inUser.filter((n) => n === p.name).length;
    if (count === 0) problems.push(`The user template must contain ${p.token} (${p.description}).`);
    else if (count > 1) problems.push(`The user template contains ${p.token} more than once; keep one.`);
  }
  return problems;
}

/**
 * Fills every placeholder in one pass, so text inside a value (an answer that happens to contain
 * "{{output_b}}") is never substituted again, and values are inserted verbatim.
 */
export function fillTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (token, name: string) => values[name] ?? token);
}

/**
 * templateProblems once per template text and set of placeholders: a job or a run renders one template for
 * every request (an evaluation run 432 times in 3 s), and its checks cost more than the filling.
 */
const checked = new WeakMap<readonly Placeholder[], Map<string, string[]>>();
function checkedProblems(t: PromptTemplate, placeholders: readonly Placeholder[]): string[] {
  let byText = checked.get(placeholders);
  if (!byText) {
    byText = new Map();
    checked.set(placeholders, byText);
  }
  const key = `${t.system}\u0000${t.user}`;
  let problems = byText.get(key);
  if (!problems) {
    problems = templateProblems(t, placeholders);
    if (byText.size >= 100) byText.clear();
    byText.set(key, problems);
  }
  return problems;
}

/** The two chat messages for a template that templateProblems accepts; throws otherwise (a bug, not input). */
export function renderTemplate(
  t: PromptTemplate,
  placeholders: readonly Placeholder[],
  values: Readonly<Record<string, string>>,
  what: string,
): ChatMessage[] {
  const problems = checkedProblems(t, placeholders);
  if (problems.length) throw new Error(`Invalid ${what} template: ${problems.join(" ")}`);
  return [
    { role: "system", content: fillTemplate(t.system, values).trim() },
    { role: "user", content: fillTemplate(t.user, values) },
  ];
}
