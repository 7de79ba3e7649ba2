export type MethodType = "totp" | "email";
export type MethodState = { type: MethodType; active: boolean; primary: boolean };

/** The article's names for the methods; also the switches' accessible names. */
export const METHOD_LABELS: Record<MethodType, string> = { totp: "Authentication app", email: "Email" };
