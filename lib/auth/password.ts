import bcrypt from "bcryptjs";

// bcrypt (bcryptjs: pure JavaScript, nothing native to build). Cost 12 by default; MEDSEED_BCRYPT_ROUNDS
// may raise it (up to 15), and may lower it below 10 only under the test runner, to keep factories fast.
function rounds(): number {
  const wanted = Number(process.env.MEDSEED_BCRYPT_ROUNDS ?? 12);
  const floor = process.env.NODE_ENV === "test" ? 4 : 10;
  return Number.isInteger(wanted) ? Math.max(floor, Math.min(15, wanted)) : 12;
}

export const hashPassword = (password: string) => bcrypt.hash(password, rounds());

// Compared against when there is no hash to check (an unknown email, an account that signs in only through
// single sign-on), so that such an attempt costs one bcrypt comparison at the configured cost, exactly like
// a wrong password on a real account. Made once per process and cost, on first need.
const dummyHashes = new Map<number, Promise<string>>();

function dummyHash(): Promise<string> {
  const cost = rounds();
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = bcrypt.hash("no account has this password", cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

/** One bcrypt comparison whatever `hash` is, so the time taken does not tell whether an account exists. */
export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, await dummyHash());
    return false;
  }
  return bcrypt.compare(password, hash);
}
