import { completeSignInWithRecoveryCode } from "@/lib/auth/complete-sign-in-with-recovery-code";
import { finishSecondStep } from "@/lib/auth/finish-second-step";
import { formRoute } from "@/lib/form-route";
import { pendingSignInStep } from "@/lib/server-action";
import { recoveryCodeSchema } from "@/lib/validations/two-factor";

/** After a recovery code, the home page says how many are left (it reads the count itself). */
const RECOVERY_CODE_LANDING = "/customer-area?signed-in-with=recovery-code";

/** POST /sign-in/verify/recovery-code: "Use a recovery code", the same step as a method's code (code/route.ts). */
const recoveryCodeStep = pendingSignInStep(recoveryCodeSchema, async ({ code }, { pendingSignInToken, request }) =>
  finishSecondStep(
    pendingSignInToken,
    () => completeSignInWithRecoveryCode({ pendingSignInToken, code, context: request }),
    RECOVERY_CODE_LANDING,
  ),
);

export const POST = formRoute(recoveryCodeStep);
