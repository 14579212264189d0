import { hash, verify } from '@node-rs/argon2';

/** Shortest admin password accepted. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 500;

/** An argon2id hash (the library's defaults: 19 MiB, 2 passes), salt and parameters inside. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash to verify against when the account does not exist, so timing does not tell. */
let decoy: Promise<string> | null = null;

/** True when `password` matches `stored`; with no stored hash, spends the same time and says no. */
export async function passwordMatches(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    decoy ??= hash('no such admin user: decoy password');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `the password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `the password may have at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}
