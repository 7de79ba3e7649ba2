import { safeReturnPath } from "@/lib/auth/return-path";
import { holdPendingSignIn, holdReturnPath, readTrustedBrowserCookie, startSession } from "@/lib/auth/sign-in-cookies";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { formRoute } from "@/lib/form-route";
import { publicAction } from "@/lib/server-action";
import { signInSchema } from "@/lib/validations/auth";
import { returnPathField } from "@/lib/validations/return-path";

/** POST /sign-in/password: the password step, answered as JSON (lib/form-route.ts says why not a server action). */
const passwordStep = publicAction(signInSchema.extend({ next: returnPathField }), async ({ email, password, next }, { request }) => {
  const result = await signInWithPassword(email, password, request, {
    trustedBrowserToken: await readTrustedBrowserCookie(),
  });
  if (result.kind === "signed-in") {
    await startSession(result);
    return { ok: true, next: safeReturnPath(next) };
  }
  await holdPendingSignIn(result.pendingSignInToken);
  await holdReturnPath(next);
  return { ok: true, next: "/sign-in/verify" };
});

export const POST = formRoute(passwordStep);
