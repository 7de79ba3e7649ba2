"use client";

import { CodeForm } from "@/components/two-factor/code-form";
import { postForm } from "@/components/ui/post-form";
import type { ActionFailure } from "@/lib/server-action";
import type { CodeMethodType } from "@/lib/two-factor/methods";

/** The second step, a route (app/(auth)/sign-in/verify/code/route.ts). */
const CODE_STEP = "/sign-in/verify/code";
const codeStep = postForm<{ next: string }>(CODE_STEP);

/** Off by default; after a wrong code it stays as the user left it. */
export function TrustThisBrowser({ keptValues }: { keptValues: Record<string, string> | undefined }) {
  return (
    <div className="checkbox-field">
      <input
        type="checkbox"
        id="trust-browser"
        name="trustBrowser"
        defaultChecked={keptValues?.trustBrowser === "on"}
        aria-describedby="trust-browser-hint"
      />
      <label htmlFor="trust-browser">Trust this browser for 30 days</label>
      <p id="trust-browser-hint" className="field-hint">
        Your password is still asked here; the code is not. Only on a browser nobody else uses.
      </p>
    </div>
  );
}

export function SignInCodeForm({ method, initialFailure }: { method: CodeMethodType; initialFailure?: ActionFailure | null }) {
  return (
    <CodeForm
      action={codeStep}
      postTo={CODE_STEP}
      initialFailure={initialFailure}
      hiddenFields={{ method }}
      options={(keptValues) => <TrustThisBrowser keptValues={keptValues} />}
    />
  );
}
