import bcrypt from "bcryptjs";

// bcrypt (bcryptjs: pure JavaScript, nothing native to build). Cost 12 by default; MEDSEED_BCRYPT_ROUNDS
// may raise it (up to 15), and may lower it below 10 only under the test runner, to keep factories fast.
function rounds(): number {
  const wanted = Number(process.env.MEDSEED_BCRYPT_ROUNDS ?? 12);
  const floor = process.env.NODE_ENV === "test" ? 4 : 10;
  return Number.isInteger(wanted) ? Math.max(floor, Math.min(15, wanted)) : 12;
}

export const hashPassword = (password: string) => bcrypt.hash(password, rounds());

// Compared against when the account does not exist, so that a wrong email costs as long as a wrong password.
const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5GGxXUo8ZZ0CMpEX6tgQAvM6dDv3aqa";

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  return bcrypt.compare(password, hash);
}
