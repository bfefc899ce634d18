import { Estimate } from "@/components/dataset/estimate";
import type { GroupEstimate } from "@/lib/dataset/spot-checks";

/** The share acceptable per group (task type, difficulty), each with its own interval. */
export function GroupEstimates({ caption, groups }: { caption: string; groups: GroupEstimate[] }) {
  if (!groups.length) return null;
  return (
    <table className="w-full text-sm">
      <caption className="mb-2 text-left font-medium">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th>Group</th>
          <th>Share acceptable</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr key={g.label} className="border-t align-top">
            <th scope="row" className="w-44 py-1.5 pr-3 text-left font-normal">
              {g.label}
            </th>
            <td className="py-1.5">
              <Estimate estimate={g} compact />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
