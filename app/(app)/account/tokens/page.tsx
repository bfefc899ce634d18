import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app-shell/page-header";
import { Button } from "@/components/ui/button";
import { listApiTokens } from "@/lib/auth/api-token";
import { requirePagePermission } from "@/lib/auth/session";
import { CreateTokenForm } from "./_components/create-token-form";
import { TokensTable } from "./_components/tokens-table";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requirePagePermission("token.manage");
  const tokens = await listApiTokens(user.id);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens for the REST API: send one as “Authorization: Bearer <token>”."
        actions={
          <Button asChild variant="outline">
            <Link href="/api-docs">API reference</Link>
          </Button>
        }
      />
      <div className="grid gap-6">
        <CreateTokenForm />
        <TokensTable tokens={tokens} />
      </div>
    </>
  );
}
