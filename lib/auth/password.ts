import "server-only";
import { argon2id, hash, verify } from "argon2";

/**
 * Passwords are stored as argon2id hashes with OWASP's minimum parameters
 * (19 MiB, 2 passes, 1 lane): about 30 ms per check on one core. The
 * parameters live in the hash, so raising them later keeps old hashes valid.
 */
const HASH_OPTIONS = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, HASH_OPTIONS);
}

/** False for a wrong password, and for a stored value that is not an argon2 hash. */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

/** The hash of a random password nobody knows, with the same parameters as real hashes. */
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$nrMSZFuzvQxn+lLEwNea9g$wpkyRNFslCsYLUQxv2o73JA8Fqiw6qemGJnv0NbEGz8";

/**
 * Spends the time of one real check when there is no hash to check against (an
 * unknown email, a user without a password), so that response times do not tell
 * which addresses have an account. Always false.
 */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, plain);
  return false;
}
