import { Estimate } from "@/components/dataset/estimate";
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  TableRowHead,
} from "@/components/ui/table";
import type { GroupEstimate } from "@/lib/dataset/spot-checks";

/** The share acceptable per group (task type, difficulty), each with its own interval. */
export function GroupEstimates({ caption, groups }: { caption: string; groups: GroupEstimate[] }) {
  if (!groups.length) return null;
  return (
    <Table>
      <TableCaption placement="top">{caption}</TableCaption>
      <TableHeader className="sr-only">
        <TableRow>
          <TableHead>Group</TableHead>
          <TableHead>Share acceptable</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {groups.map((g) => (
          <TableRow key={g.label} className="border-t border-b-0 hover:bg-transparent">
            <TableRowHead className="w-44 py-1.5 pr-3 pl-0 align-top">{g.label}</TableRowHead>
            <TableCell className="px-0 py-1.5 align-top">
              <Estimate estimate={g} compact />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
