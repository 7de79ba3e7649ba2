import { SIGN_IN_STEPS } from "@/lib/auth/sign-in-steps";
import { formRoute } from "@/lib/form-route";

/** POST /sign-in/password: the password step (lib/auth/sign-in-steps.ts). */
export const POST = formRoute(SIGN_IN_STEPS["/sign-in/password"], { formPage: "/sign-in" });
