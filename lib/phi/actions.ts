"use server";

// PHI screening's server actions, called by the review panel's findings list (components/phi).
import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import { markNotPhiSchema } from "@/lib/validation/phi";
import { markNotPhi } from "./use-cases/mark-not-phi";

export const markNotPhiAction = protectedAction(
  { permission: "phi.resolve", input: markNotPhiSchema },
  async (input, { user }) => {
    const result = await markNotPhi(user, input);
    if (input.targetType === "seed") {
      revalidatePath(`/seeds/${input.targetId}`);
      revalidatePath("/review");
    }
    if (input.targetType === "testdraft") revalidatePath("/evaluation");
    return result;
  },
);
