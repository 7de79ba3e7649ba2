import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { finishSecondStep } from "@/lib/auth/finish-second-step";
import { formRoute } from "@/lib/form-route";
import { pendingSignInStep } from "@/lib/server-action";
import { twoFactorMethodSchema } from "@/lib/two-factor/methods";
import { verificationCodeSchema } from "@/lib/validations/two-factor";

/** POST /sign-in/verify/code: the second step, answered as JSON (lib/form-route.ts says why not a server action). */
const codeStep = pendingSignInStep(
  verificationCodeSchema.extend({ method: twoFactorMethodSchema }),
  async ({ method, code }, { pendingSignInToken, request }) =>
    finishSecondStep(pendingSignInToken, () =>
      completeSignInWithCode({ pendingSignInToken, method, code, context: request }),
    ),
);

export const POST = formRoute(codeStep);
