import { redirect } from "next/navigation";
import { requirePagePermission } from "@/lib/auth/session";

export default async function AdminPage() {
  await requirePagePermission("user.manage");
  redirect("/admin/users");
}
