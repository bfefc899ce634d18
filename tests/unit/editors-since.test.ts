import { describe, expect, it } from "vitest";
import { editorsSince } from "@/lib/utils/editors-since";

// Who a refused (stale) save is told saved in between: the others by name, each once, and whether it was also
// the person's own other tab or window.

const ann = { id: "u1", name: "Dr Ann", email: "ann@example.org" };
const bob = { id: "u2", name: null, email: "bob@example.org" };

describe("editorsSince", () => {
  it("names each other editor once, newest first, by name or else email, and flags one's own saves", () => {
    expect(editorsSince([bob, ann, bob, ann], "me")).toEqual({
      others: ["bob@example.org", "Dr Ann"],
      mine: false,
    });
    expect(editorsSince([{ id: "me", name: "Me", email: "me@x" }, ann], "me")).toEqual({
      others: ["Dr Ann"],
      mine: true,
    });
  });

  it("only one's own saves: no others; an editor not on record counts as someone", () => {
    expect(editorsSince([{ id: "me", name: null, email: "me@x" }], "me")).toEqual({ others: [], mine: true });
    expect(editorsSince([null], "me")).toEqual({ others: ["someone"], mine: false });
    expect(editorsSince([], "me")).toEqual({ others: [], mine: false });
  });
});
