import type { Count } from "@/lib/dataset/types";

/** Counts with their share and a bar, for a release's distributions. */
export function CountTable({ caption, counts, of }: { caption: string; counts: Count[]; of: number }) {
  return (
    <table className="w-full text-sm">
      <caption className="mb-2 text-left font-medium">{caption}</caption>
      <thead className="sr-only">
        <tr>
          <th>Value</th>
          <th>Records</th>
          <th>Share</th>
        </tr>
      </thead>
      <tbody>
        {counts.map((c) => {
          const share = of ? c.count / of : 0;
          return (
            <tr key={c.label} className="border-t">
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {c.label}
              </th>
              <td className="w-16 py-1 text-right tabular-nums">{c.count.toLocaleString("en-US")}</td>
              <td className="w-40 py-1 pl-3">
                <div className="flex items-center gap-2">
                  <div className="h-2 flex-1 rounded-full bg-muted" aria-hidden="true">
                    <div className="h-2 rounded-full bg-primary" style={{ width: `${share * 100}%` }} />
                  </div>
                  <span className="w-12 text-right text-xs tabular-nums">{(share * 100).toFixed(1)}%</span>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
