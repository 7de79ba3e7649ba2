import "server-only";
import { throughAuthJs } from "@/lib/auth/sign-in-through-auth-js";

/** The sign-in steps by the path of their route (app/(auth)/sign-in/.../route.ts, lib/form-route.ts). */
export const SIGN_IN_ROUTES = {
  "/sign-in/password": throughAuthJs("password"),
  "/sign-in/verify/code": throughAuthJs("second-factor", { step: "code" }),
  "/sign-in/verify/recovery-code": throughAuthJs("second-factor", { step: "recovery-code" }),
  "/sign-in/verify/security-key": throughAuthJs("second-factor", { step: "security-key" }),
};
