import { SIGN_IN_ROUTES } from "@/lib/auth/sign-in-routes";
import { formRoute } from "@/lib/form-route";

/** POST /sign-in/verify/recovery-code: the second step with a recovery code (lib/auth/sign-in-steps.ts). */
export const POST = formRoute(SIGN_IN_ROUTES["/sign-in/verify/recovery-code"], { formPage: "/sign-in/verify?recovery=1" });
