import { config } from "zod/v4/core";

// Runs in the browser before the app's own modules. The pages' Content-Security-Policy forbids eval (see
// proxy.ts). Where eval is allowed, zod compiles its object parsers with `new Function`, and its probe for
// that is reported as a policy violation even though zod catches it. Without compiling, parsing is the same.
config({ jitless: true });
