/**
 * What the user reads when the browser's own security key prompt fails. The
 * prompt's errors are the browser's: a closed prompt and a timeout look the same.
 */
export function browserPromptMessage(error: unknown): string {
  const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
  const name = error instanceof Error ? error.name : "";
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" || name === "InvalidStateError") {
    return "This security key or passkey is already registered. Use another one.";
  }
  if (code === "ERROR_INVALID_DOMAIN" || code === "ERROR_INVALID_RP_ID" || name === "SecurityError") {
    return "Your browser does not allow security keys on this address. Open the customer area at its usual address and try again.";
  }
  if (name === "NotSupportedError" || (typeof window !== "undefined" && !window.PublicKeyCredential)) {
    return "This browser does not support security keys or passkeys. Try another browser, or use another method.";
  }
  return "The browser's prompt was closed or timed out, so nothing was done. Try again when your key or device is ready.";
}
