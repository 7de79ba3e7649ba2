import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { passwordField } from "@/lib/validations/auth";

/** What a browser's WebAuthn answer takes, with room to spare; anything longer is not one. */
export const WEBAUTHN_RESPONSE_MAX_LENGTH = 16 * 1024;
export const SECURITY_KEY_NAME_MAX_LENGTH = 64;

const base64url = z.string().max(WEBAUTHN_RESPONSE_MAX_LENGTH).regex(/^[A-Za-z0-9_-]*$/);
const NOT_AN_ANSWER = "Your browser's answer could not be read. Try again.";

/** The form field holds the answer as JSON (startRegistration / startAuthentication of @simplewebauthn/browser). */
function webauthnAnswer<T extends z.ZodType>(shape: T) {
  return z
    .string({ message: NOT_AN_ANSWER })
    .max(WEBAUTHN_RESPONSE_MAX_LENGTH, NOT_AN_ANSWER)
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: NOT_AN_ANSWER });
        return z.NEVER;
      }
    })
    .pipe(shape);
}

const credentialFields = {
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal("public-key"),
  clientExtensionResults: z.looseObject({}).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

const registrationResponse = z.looseObject({
  ...credentialFields,
  response: z.looseObject({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
});

const authenticationResponse = z.looseObject({
  ...credentialFields,
  response: z.looseObject({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

export const securityKeyNameField = z
  .string()
  .trim()
  .min(1, "Give the key a name, such as YubiKey 5 or MacBook.")
  .max(SECURITY_KEY_NAME_MAX_LENGTH, `A name has at most ${SECURITY_KEY_NAME_MAX_LENGTH} characters.`);

const keyIdField = z.uuid("This key is not in your list. Reload the page.");

/** The new key: the browser's answer and the name the user gave it. */
export const addSecurityKeySchema = z.object({
  response: webauthnAnswer(registrationResponse).transform((answer) => answer as unknown as RegistrationResponseJSON),
  name: securityKeyNameField,
});

export const renameSecurityKeySchema = z.object({ keyId: keyIdField, name: securityKeyNameField, password: passwordField });

export const removeSecurityKeySchema = z.object({ keyId: keyIdField, password: passwordField });

/** The second sign-in step with a key: its answer, and "Trust this browser for 30 days" (sent only when checked). */
export const securityKeySignInSchema = z.object({
  response: webauthnAnswer(authenticationResponse).transform((answer) => answer as unknown as AuthenticationResponseJSON),
  trustBrowser: z
    .literal("on")
    .optional()
    .transform((checked) => checked === "on"),
});
