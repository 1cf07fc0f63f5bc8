import { hash, verify, type Algorithm } from "@node-rs/argon2";

/**
 * Password hashes: argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane),
 * stored as PHC strings, which carry their own salt and parameters so they can be raised later
 * without invalidating existing hashes.
 */
const ARGON2ID = 2 as Algorithm.Argon2id; // an ambient const enum cannot be read under isolatedModules
export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password; throws when `stored` is not an argon2 hash at all. */
export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password);
}
