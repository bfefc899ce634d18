"use client";

import { Copy, TriangleAlert } from "lucide-react";
import { useRef } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";

/** The one time a token is visible: it is stored only as a hash, so it cannot be shown again. */
export function NewToken({ name, token, onDone }: { name: string; token: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      // navigator.clipboard exists only on https or localhost; elsewhere the selected text is copied by hand.
      await navigator.clipboard.writeText(token);
      toast.success("Token copied");
    } catch {
      input.current?.select();
      toast.info("Press Ctrl+C (⌘C) to copy the selected token.");
    }
  }
  return (
    <Alert variant="warning">
      <TriangleAlert aria-hidden="true" />
      <AlertTitle>Copy your new token “{name}” now</AlertTitle>
      <AlertDescription className="grid w-full gap-3">
        <p>It will not be shown again. If you lose it, revoke it and create another.</p>
        <div className="grid w-full gap-1.5">
          <Label htmlFor="new-token-value">New token</Label>
          <div className="flex w-full gap-2">
            <Input
              ref={input}
              id="new-token-value"
              readOnly
              value={token}
              className="font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" variant="outline" onClick={copy}>
              <Copy aria-hidden="true" />
              Copy
            </Button>
          </div>
        </div>
        <Button type="button" variant="secondary" size="sm" onClick={onDone}>
          I have copied it
        </Button>
      </AlertDescription>
    </Alert>
  );
}
