// The password rules' numbers and hint, with nothing else, so that browser forms can show them without
// loading the strength check's dictionaries (which only the server runs: lib/validation/user.ts).
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters, and not easy to guess: a few unrelated words work well.`;
