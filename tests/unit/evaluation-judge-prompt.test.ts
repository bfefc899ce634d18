import { describe, expect, it } from "vitest";
import {
  buildJudgeMessages,
  buildJudgeOrders,
  DEFAULT_JUDGE_TEMPLATE,
  judgedInstruction,
  validateJudgeTemplate,
} from "@/lib/evaluation/judge-prompt";
import { parseVerdict } from "@/lib/evaluation/parse-verdict";

const item = { instruction: "What does an INR of 9 mean?", input: "" };

describe("the default judge template", () => {
  it("is valid and has AlpacaFarm's structure: the three answers asked for, an example, then the task", async () => {
    expect(validateJudgeTemplate(DEFAULT_JUDGE_TEMPLATE)).toEqual([]);
    const user = DEFAULT_JUDGE_TEMPLATE.user;
    expect(user).toContain("ONLY one of these: Output (a), Output (b) or Tie");
    const order = [
      "# Example:",
      "# Task:",
      "## Instruction:\n{{instruction}}",
      "## Output (a):\n{{output_a}}",
    ];
    const at = order.map((s) => user.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(user.trimEnd().endsWith("## Which is best, Output (a), Output (b) or Tie?")).toBe(true);
  });

  it("shows in its example an answer the verdict parser reads", async () => {
    const example = DEFAULT_JUDGE_TEMPLATE.user.split("# Task:")[0] as string;
    const answer = example.split("## Which is best, Output (a), Output (b) or Tie?")[1] as string;
    expect(parseVerdict(answer)).toBe("a");
  });
});

describe("rendering a judge request", () => {
  it("puts both answers in verbatim, whitespace and template-looking text included", async () => {
    const a = "  Line one\n\n\tindented {{output_b}} $& $1  \n";
    const b = "B answer with {{instruction}}";
    const [system, user] = buildJudgeMessages(DEFAULT_JUDGE_TEMPLATE, item, a, b);
    expect(system?.role).toBe("system");
    expect(user?.content).toContain(`## Output (a):\n${a}\n\n## Output (b):\n${b}\n\n## Which is best`);
    // One pass: the braces inside an answer are not filled in again.
    expect(user?.content.match(/\{\{output_b\}\}/g)).toHaveLength(1);
    expect(user?.content).toContain("## Instruction:\nWhat does an INR of 9 mean?\n");
  });

  it("adds the input after the instruction, separated by a blank line", async () => {
    expect(judgedInstruction({ instruction: " Summarise. ", input: " Note text \n" })).toBe(
      "Summarise.\n\nNote text",
    );
    expect(judgedInstruction({ instruction: "Summarise." })).toBe("Summarise.");
  });

  it("shows the reference as (a) when it goes first, and as (b) when it goes last", async () => {
    const orders = buildJudgeOrders(DEFAULT_JUDGE_TEMPLATE, item, { candidate: "CAND", reference: "REF" });
    expect(orders.reference_first[1]?.content).toContain("## Output (a):\nREF\n\n## Output (b):\nCAND");
    expect(orders.reference_last[1]?.content).toContain("## Output (a):\nCAND\n\n## Output (b):\nREF");
  });
});

describe("validating an edited judge template", () => {
  it("names every problem a person can fix", async () => {
    const problems = validateJudgeTemplate({
      system: "Judge {{output_a}}",
      user: "{{instruction}} {{output_a}} {{output_a}} {{answer}} {{ broken",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("unknown placeholder {{answer}}"),
        expect.stringContaining('unmatched "{{"'),
        "{{output_a}} belongs in the user template, not in the system message.",
        "The user template contains {{output_a}} more than once; keep one.",
        expect.stringContaining("must contain {{output_b}}"),
      ]),
    );
  });

  it("refuses to render a template it would refuse to save", async () => {
    expect(() => buildJudgeMessages({ system: "s", user: "{{instruction}}" }, item, "a", "b")).toThrow(
      /Invalid judge template/,
    );
  });

  it("accepts spaces inside the braces", async () => {
    const t = { system: "s", user: "{{ instruction }} / {{output_a}} / {{output_b }}" };
    expect(validateJudgeTemplate(t)).toEqual([]);
    expect(buildJudgeMessages(t, item, "A", "B")[1]?.content).toBe("What does an INR of 9 mean? / A / B");
  });
});
