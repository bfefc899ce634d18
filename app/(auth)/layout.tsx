import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-4">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center font-semibold text-2xl tracking-tight">
          Med<span className="text-primary">Seed</span>
        </p>
        {children}
      </div>
    </main>
  );
}
