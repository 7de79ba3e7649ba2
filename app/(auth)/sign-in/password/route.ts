import { holdPendingSignIn, readTrustedBrowserCookie, startSession } from "@/lib/auth/sign-in-cookies";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { formRoute } from "@/lib/form-route";
import { publicAction } from "@/lib/server-action";
import { signInSchema } from "@/lib/validations/auth";

/** POST /sign-in/password: the password step, answered as JSON (lib/form-route.ts says why not a server action). */
const passwordStep = publicAction(signInSchema, async ({ email, password }, { request }) => {
  const result = await signInWithPassword(email, password, request, {
    trustedBrowserToken: await readTrustedBrowserCookie(),
  });
  if (result.kind === "signed-in") {
    await startSession(result);
    return { ok: true, next: "/customer-area" };
  }
  await holdPendingSignIn(result.pendingSignInToken);
  return { ok: true, next: "/sign-in/verify" };
});

export const POST = formRoute(passwordStep);
