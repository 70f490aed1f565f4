/**
 * Password hashing with argon2id (the `argon2` package, bindings to the reference implementation).
 * Default cost: OWASP's first recommended argon2id setting (19 MiB memory, 2 passes, 1 lane) —
 * about 0.1–0.4 s per hash on a small server. Hashes are PHC strings that carry their own
 * parameters, so raising the cost later still verifies old hashes.
 */
import argon2 from 'argon2';

export interface PasswordCost {
  /** KiB */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const DEFAULT_PASSWORD_COST: PasswordCost = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;

/** Throws naming the problem when `password` is unusable. */
export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error(`a password may have at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function hashPassword(password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
}

/** False for a wrong password or a malformed hash (never throws for those). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification against a throw-away hash, so that a login for an unknown
 * name takes as long as one with a wrong password (no user enumeration by timing).
 */
export async function verifyDummy(password: string): Promise<void> {
  dummy ??= hashPassword('not a real password, only for timing');
  await verifyPassword(await dummy, password);
}
