import "server-only";
import QRCode from "qrcode";
import { db } from "@/lib/db";
import { isMethodActive } from "@/lib/two-factor/active-methods";
import { consumePasswordGrant } from "@/lib/two-factor/password-grant";
import { encryptTotpSecret } from "@/lib/two-factor/secret-box";
import { formatSecretForDisplay, generateTotpSecret, totpUri } from "@/lib/two-factor/totp";
import { TwoFactorError } from "@/lib/two-factor/two-factor-error";

/**
 * Step 2 of turning on the authentication app: after a fresh password
 * confirmation, a new secret for the user to scan or type. Nothing is active
 * yet; enableTotp activates it once a code from the app verifies. A second call
 * replaces the pending secret, so only the newest QR code works.
 */

export const PENDING_TOTP_SETUP_LIFETIME_MS = 10 * 60 * 1000;

export type TotpSetup = {
  /** The secret grouped in fours for typing by hand ("ABCD EFGH ..."). */
  manualKey: string;
  /** otpauth://totp/... for a link that opens an authenticator app; it holds the secret, never log it. */
  otpauthUri: string;
  /** data:image/svg+xml;base64,... of the QR code, for an <img> with alt text naming the QR code. */
  qrCodeDataUrl: string;
  expiresAt: Date;
};

export type StartTotpSetupOptions = { userId: string; sessionId: string; email: string; now?: Date };

export async function startTotpSetup({ userId, sessionId, email, now = new Date() }: StartTotpSetupOptions) {
  const secret = generateTotpSecret();
  const secretEncrypted = encryptTotpSecret(secret, userId);
  const expiresAt = new Date(now.getTime() + PENDING_TOTP_SETUP_LIFETIME_MS);

  await db.$transaction(async (tx) => {
    if (await isMethodActive(userId, "totp", tx)) throw new TwoFactorError("ALREADY_ENABLED");
    await consumePasswordGrant({ userId, sessionId, method: "totp", now }, tx);
    await tx.pendingTotpSetup.upsert({
      where: { userId },
      create: { userId, secretEncrypted, createdAt: now, expiresAt },
      update: { secretEncrypted, createdAt: now, expiresAt },
    });
  });

  const otpauthUri = totpUri({ secret, email });
  const qrCodeSvg = await QRCode.toString(otpauthUri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const setup: TotpSetup = {
    manualKey: formatSecretForDisplay(secret),
    otpauthUri,
    qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(qrCodeSvg).toString("base64")}`,
    expiresAt,
  };
  return setup;
}
