// Configuration checks shared by the start script and the server itself (instrumentation.ts), so a
// bad setting stops the process at start with one line naming the variable and the fix.

export const SECRET_MIN_LENGTH = 32;

export type EnvProblem = { variable: string; message: string };

export function portProblem(raw: string | undefined): EnvProblem | null {
  if (raw === undefined || raw === "") return null;
  const port = Number(raw);
  return Number.isInteger(port) && port >= 1 && port <= 65_535
    ? null
    : {
        variable: "PORT",
        message: `PORT must be a whole number from 1 to 65535 (got "${raw}"). Example: PORT=3001 npm start`,
      };
}

export function secretProblem(secret: string | undefined, production: boolean): EnvProblem | null {
  if (!secret) {
    return production
      ? {
          variable: "NEXTAUTH_SECRET",
          message:
            "NEXTAUTH_SECRET is not set: production needs a fixed secret. Generate one with `openssl rand -base64 32` and set NEXTAUTH_SECRET.",
        }
      : null;
  }
  return secret.length >= SECRET_MIN_LENGTH
    ? null
    : {
        variable: "NEXTAUTH_SECRET",
        message: `NEXTAUTH_SECRET is too short (${secret.length} characters; at least ${SECRET_MIN_LENGTH}). Generate one with \`openssl rand -base64 32\`.`,
      };
}

export function databaseUrlProblem(url: string | undefined): EnvProblem | null {
  if (!url) {
    return {
      variable: "DATABASE_URL",
      message:
        "DATABASE_URL is not set. Start MedSeed with `npm start` (it provides an embedded database) or set DATABASE_URL.",
    };
  }
  return /^postgres(ql)?:\/\/.+/.test(url)
    ? null
    : {
        variable: "DATABASE_URL",
        message: "DATABASE_URL must be a PostgreSQL URL like postgresql://user:password@host:5432/medseed.",
      };
}

export function urlProblem(variable: string, value: string | undefined): EnvProblem | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    if (u.protocol === "http:" || u.protocol === "https:") return null;
  } catch {}
  return {
    variable,
    message: `${variable} must be an http(s) URL like http://localhost:3000 (got "${value}").`,
  };
}

/** Everything the running server needs; used when `next start` is run directly, without scripts/start.ts. */
export function serverEnvProblems(env: NodeJS.ProcessEnv): EnvProblem[] {
  const production = env.NODE_ENV === "production";
  return [
    databaseUrlProblem(env.DATABASE_URL),
    secretProblem(env.NEXTAUTH_SECRET, production),
    urlProblem("NEXTAUTH_URL", env.NEXTAUTH_URL),
    portProblem(env.PORT),
  ].filter((p): p is EnvProblem => p !== null);
}
