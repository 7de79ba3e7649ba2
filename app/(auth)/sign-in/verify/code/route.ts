import { SIGN_IN_ROUTES } from "@/lib/auth/sign-in-routes";
import { formRoute } from "@/lib/form-route";

/** POST /sign-in/verify/code: the second step with a method's code (lib/auth/sign-in-steps.ts). */
export const POST = formRoute(SIGN_IN_ROUTES["/sign-in/verify/code"], { formPage: "/sign-in/verify" });
