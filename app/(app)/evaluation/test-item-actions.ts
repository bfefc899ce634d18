"use server";

// Test items written in the app (issue 16): each action checks the session, parses the input and calls one
// use case (lib/evaluation/use-cases), which checks the permission again.
import { revalidatePath } from "next/cache";
import { protectedAction } from "@/lib/auth/action";
import type { TestItemDraftView } from "@/lib/evaluation/test-items";
import { createTestItem } from "@/lib/evaluation/use-cases/create-test-item";
import { createTestset } from "@/lib/evaluation/use-cases/create-testset";
import { freezeNewVersion } from "@/lib/evaluation/use-cases/freeze-new-version";
import { reviewTestItem } from "@/lib/evaluation/use-cases/review-test-item";
import { submitTestItem } from "@/lib/evaluation/use-cases/submit-test-item";
import { updateTestItem } from "@/lib/evaluation/use-cases/update-test-item";
import type { TestItemStateName } from "@/lib/model/test-item-states";
import {
  createTestItemSchema,
  createTestsetSchema,
  freezeNewVersionSchema,
  reviewTestItemSchema,
  submitTestItemSchema,
  updateTestItemSchema,
} from "@/lib/validation/test-item";

/** What the editor needs back after a save: the autosave's next base version. */
export type SavedTestItem = { id: string; version: number; state: TestItemStateName };
const saved = (d: TestItemDraftView): SavedTestItem => ({ id: d.id, version: d.version, state: d.state });
const refresh = (testSetId: string) => revalidatePath(`/evaluation/testsets/${testSetId}`);

export const createTestsetAction = protectedAction(
  { permission: "testset.write", input: createTestsetSchema },
  async (input, { user }) => {
    const set = await createTestset(user, input);
    revalidatePath("/evaluation");
    return set;
  },
);

// The editor's saves revalidate nothing: the first gives the item its address in place (history.replaceState),
// and a refresh of the route then rendered the edit page, a new editor from the server's copy, dropping what was
// typed or chosen as the save landed. The test set's page is dynamic: it is read afresh when opened.
export const createTestItemAction = protectedAction(
  { permission: "testset.write", input: createTestItemSchema },
  async (input, { user }) => saved(await createTestItem(user, input)),
);

export const updateTestItemAction = protectedAction(
  { permission: "testset.write", input: updateTestItemSchema },
  async (input, { user }) => saved(await updateTestItem(user, input)),
);

export const submitTestItemAction = protectedAction(
  { permission: "testset.write", input: submitTestItemSchema },
  async (input, { user }) => {
    const d = await submitTestItem(user, input);
    refresh(d.testSetId);
    return saved(d);
  },
);

export const reviewTestItemAction = protectedAction(
  { permission: "testitem.review", input: reviewTestItemSchema },
  async (input, { user }) => {
    const d = await reviewTestItem(user, input);
    refresh(d.testSetId);
    return saved(d);
  },
);

export const freezeNewVersionAction = protectedAction(
  { permission: "testset.write", input: freezeNewVersionSchema },
  async (input, { user }) => {
    const frozen = await freezeNewVersion(user, input);
    refresh(input.testSetId);
    revalidatePath("/evaluation");
    return frozen;
  },
);
