import { Badge } from "@/components/ui/badge";
import { isPhiCategory, PHI_CATEGORY_LABELS } from "@/lib/phi/categories";

/** One possible patient identifier as lists show it: its category (named in full on hover), the text, the field. */
export function FindingChip({ category, text, field }: { category: string; text: string; field: string }) {
  return (
    <>
      <Badge variant="warning" title={isPhiCategory(category) ? PHI_CATEGORY_LABELS[category] : undefined}>
        {category}
      </Badge>
      <code className="break-all">{text}</code>
      <span className="text-muted-foreground text-xs">in {field}</span>
    </>
  );
}
