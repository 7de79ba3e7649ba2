import { SIGN_IN_ROUTES } from "@/lib/auth/sign-in-routes";
import { formRoute } from "@/lib/form-route";

/** POST /sign-in/password: the password step (lib/auth/sign-in-steps.ts). */
export const POST = formRoute(SIGN_IN_ROUTES["/sign-in/password"], { formPage: "/sign-in" });
