import { SIGN_IN_STEPS } from "@/lib/auth/sign-in-steps";
import { formRoute } from "@/lib/form-route";

/** POST /sign-in/verify/security-key: the second step with a key's answer (lib/auth/sign-in-steps.ts), answered as JSON. */
export const POST = formRoute(SIGN_IN_STEPS["/sign-in/verify/security-key"]);
