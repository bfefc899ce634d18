import type { Metadata } from "next";
import { PageHeader } from "@/components/app-shell/page-header";
import { NEW_SEED_SOURCE } from "@/components/seeds/source-fields";
import { requirePagePermission } from "@/lib/auth/session";
import { getTestset } from "@/lib/evaluation/use-cases/testsets";
import { TestItemEditor } from "../../../../_components/test-item-editor";

export const metadata: Metadata = { title: "New test item" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePagePermission("testset.write");
  const { id } = await params;
  const { set } = await getTestset(user, { id });
  return (
    <>
      <PageHeader
        title="New test item"
        description={`For ${set.name}. Saved as you type; submit it for review when it is ready.`}
      />
      <TestItemEditor
        testSetId={set.id}
        testSetName={set.name}
        itemId={null}
        version={null}
        initial={{
          instruction: "",
          input: "",
          reference: "",
          difficulty: "",
          topic: "",
          ...NEW_SEED_SOURCE,
        }}
      />
    </>
  );
}
