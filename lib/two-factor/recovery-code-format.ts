/**
 * Recovery codes as people see, save and type them. Safe in client components:
 * no secrets, no server-only imports (recovery-codes.ts makes and checks them).
 *
 * 15 characters from 31 that cannot be mistaken for one another (no 0/O, no
 * 1/I/L), about 74 bits each, shown as ABCDE-FGHJK-MNPQR. Typed in any letter
 * case, with or without the dashes and spaces.
 */

export const RECOVERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const RECOVERY_CODE_LENGTH = 15;
const GROUP_LENGTH = 5;
export const RECOVERY_CODES_PER_SET = 10;
/** At this many left or fewer, Security and access and the page after sign-in say so. */
export const RECOVERY_CODES_LOW = 3;
/** Room for a code pasted with spaces around its dashes; anything longer is not a code. */
export const RECOVERY_CODE_INPUT_MAX_LENGTH = 40;

/** The code as stored and compared: upper case, without dashes and spaces; null when it cannot be a code. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  if (code.length !== RECOVERY_CODE_LENGTH) return null;
  return [...code].every((char) => RECOVERY_CODE_ALPHABET.includes(char)) ? code : null;
}

/** ABCDEFGHJKMNPQR -> ABCDE-FGHJK-MNPQR */
export function formatRecoveryCode(normalized: string): string {
  return normalized.match(new RegExp(`.{1,${GROUP_LENGTH}}`, "g"))?.join("-") ?? normalized;
}

/** "No recovery codes left", "1 recovery code left", "8 recovery codes left". */
export function recoveryCodesLeftText(left: number): string {
  if (left === 0) return "No recovery codes left";
  return left === 1 ? "1 recovery code left" : `${left} recovery codes left`;
}

/** "acme-customer-area-recovery-codes-jo@example.com.txt": whose codes, for which product. */
export function recoveryCodesFileName(productName: string, email: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9@._+-]+/g, "-");
  return `${safe(productName.toLowerCase())}-recovery-codes-${safe(email)}.txt`;
}

export type RecoveryCodesSheet = { productName: string; email: string; codes: string[]; generatedAt: Date };

/** What Download saves, Copy copies and Print prints: the codes with enough words to be understood in a year. */
export function recoveryCodesText({ productName, email, codes, generatedAt }: RecoveryCodesSheet): string {
  return [
    `${productName}: recovery codes for ${email}`,
    `Generated on ${generatedAt.toUTCString()}`,
    "",
    "If you cannot use your authentication app or your email, choose \"Use a recovery code\"",
    "when you sign in and enter one of these codes. Each code works once.",
    "Generating new codes in Security and access makes all of these stop working.",
    "Keep them somewhere safe, away from your password.",
    "",
    ...codes,
    "",
  ].join("\n");
}
