import { SIGN_IN_STEPS } from "@/lib/auth/sign-in-steps";
import { formRoute } from "@/lib/form-route";

/** POST /sign-in/verify/code: the second step with a method's code (lib/auth/sign-in-steps.ts). */
export const POST = formRoute(SIGN_IN_STEPS["/sign-in/verify/code"], { formPage: "/sign-in/verify" });
