import { completeSignInWithRecoveryCode } from "@/lib/auth/complete-sign-in-with-recovery-code";
import { finishSecondStep } from "@/lib/auth/finish-second-step";
import { formRoute } from "@/lib/form-route";
import { pendingSignInStep } from "@/lib/server-action";
import { recoveryCodeSchema } from "@/lib/validations/two-factor";

/**
 * POST /sign-in/verify/recovery-code: "Use a recovery code", the same step as a
 * method's code (code/route.ts). It always lands on the home page, whatever
 * page the user asked for: that page says how many are left
 * (lib/two-factor/recovery-code-notice.ts).
 */
const recoveryCodeStep = pendingSignInStep(recoveryCodeSchema, async ({ code }, { pendingSignInToken, request }) =>
  finishSecondStep(
    pendingSignInToken,
    () => completeSignInWithRecoveryCode({ pendingSignInToken, code, context: request }),
    { toHome: true },
  ),
);

export const POST = formRoute(recoveryCodeStep);
