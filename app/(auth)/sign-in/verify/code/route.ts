import { completeSignInWithCode } from "@/lib/auth/complete-sign-in-with-code";
import { finishSecondStep } from "@/lib/auth/finish-second-step";
import { formRoute } from "@/lib/form-route";
import { pendingSignInStep } from "@/lib/server-action";
import { signInCodeSchema } from "@/lib/validations/two-factor";

/** POST /sign-in/verify/code: the second step, answered as JSON (lib/form-route.ts says why not a server action). */
const codeStep = pendingSignInStep(
  signInCodeSchema,
  async ({ method, code, trustBrowser }, { pendingSignInToken, request }) =>
    finishSecondStep(pendingSignInToken, () =>
      completeSignInWithCode({ pendingSignInToken, method, code, trustBrowser, context: request }),
    ),
);

export const POST = formRoute(codeStep);
