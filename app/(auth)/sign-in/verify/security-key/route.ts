import { completeSignInWithSecurityKey } from "@/lib/auth/complete-sign-in-with-security-key";
import { finishSecondStep } from "@/lib/auth/finish-second-step";
import { formRoute } from "@/lib/form-route";
import { pendingSignInStep } from "@/lib/server-action";
import { securityKeySignInSchema } from "@/lib/validations/security-keys";

/** POST /sign-in/verify/security-key: the second step with a key's answer, as JSON like the code step. */
const securityKeyStep = pendingSignInStep(
  securityKeySignInSchema,
  async ({ response, trustBrowser }, { pendingSignInToken, request }) =>
    finishSecondStep(pendingSignInToken, () =>
      completeSignInWithSecurityKey({ pendingSignInToken, response, trustBrowser, context: request }),
    ),
);

export const POST = formRoute(securityKeyStep);
