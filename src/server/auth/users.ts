/** User accounts: names are unique; passwords are stored only as argon2id hashes. */
import type { Queryable } from '../db/db';
import { checkPassword, hashPassword, type PasswordCost } from './passwords';

export interface User {
  id: string;
  name: string;
  isAdmin: boolean;
}

/** Letters, digits and . _ @ - ; 1–64 characters (an e-mail address fits). */
export const USER_NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

export class UserError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'taken',
  ) {
    super(message);
  }
}

/**
 * Creates an account. Throws UserError('invalid') for a bad name or password, UserError('taken')
 * when the name is in use. `cost` lowers the hashing cost (tests only).
 */
export async function createUser(db: Queryable, name: string, password: string, opts: { isAdmin?: boolean; cost?: PasswordCost } = {}): Promise<User> {
  if (!USER_NAME.test(name)) throw new UserError(`user name "${name}" must be 1–64 letters, digits, ".", "_", "@" or "-"`, 'invalid');
  try {
    checkPassword(password);
  } catch (e) {
    throw new UserError((e as Error).message, 'invalid');
  }
  const hash = await hashPassword(password, opts.cost);
  const { rows } = await db.query<{ id: string }>(
    'insert into users (name, password_hash, is_admin) values ($1, $2, $3) on conflict (name) do nothing returning id',
    [name, hash, opts.isAdmin ?? false],
  );
  if (rows.length === 0) throw new UserError(`the user name "${name}" is taken`, 'taken');
  return { id: rows[0].id, name, isAdmin: opts.isAdmin ?? false };
}

export async function findUserByName(db: Queryable, name: string): Promise<(User & { passwordHash: string }) | undefined> {
  const { rows } = await db.query<{ id: string; name: string; is_admin: boolean; password_hash: string }>(
    'select id, name, is_admin, password_hash from users where name = $1',
    [name],
  );
  const r = rows[0];
  return r && { id: r.id, name: r.name, isAdmin: r.is_admin, passwordHash: r.password_hash };
}
