"use client";

import type * as React from "react";
import { Toaster as Sonner } from "sonner";

export { toast } from "sonner";

export type ToasterProps = React.ComponentProps<typeof Sonner>;

export function Toaster(props: ToasterProps) {
  return (
    <Sonner
      theme="system"
      position="top-right"
      // Below the app header (h-14), so a toast never covers the user menu or the navigation; on a phone the
      // header is two rows (the name and menu, then the navigation: 85 px at 390 px wide).
      offset={{ top: "4.5rem", right: "1rem" }}
      mobileOffset={{ top: "5.75rem" }}
      closeButton
      richColors
      className="toaster group"
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
        } as React.CSSProperties
      }
      {...props}
    />
  );
}
