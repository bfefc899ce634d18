import bcrypt from "bcryptjs";

// bcrypt (bcryptjs: pure JavaScript, nothing native to build). Cost 12 in production; tests may lower
// it with MEDSEED_BCRYPT_ROUNDS to keep factories fast.
const rounds = () => Math.max(4, Math.min(15, Number(process.env.MEDSEED_BCRYPT_ROUNDS ?? 12)));

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
