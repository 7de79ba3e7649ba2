import { SIGN_IN_ROUTES } from "@/lib/auth/sign-in-routes";
import { formRoute } from "@/lib/form-route";

/** POST /sign-in/verify/security-key: the second step with a security key's answer (lib/auth/sign-in-steps.ts). */
export const POST = formRoute(SIGN_IN_ROUTES["/sign-in/verify/security-key"], { formPage: "/sign-in/verify" });
