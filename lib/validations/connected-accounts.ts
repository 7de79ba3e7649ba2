import { z } from "zod";
import { passwordField } from "@/lib/validations/auth";

/** `Connect <provider>`: the password first, as for every change on Security and access. */
export const connectProviderSchema = z.object({ provider: z.string().max(40), password: passwordField });

/** `Remove` beside a connected identity. */
export const removeIdentitySchema = z.object({
  identityId: z.uuid({ message: "Reload the page: that connected account is not in the list any more." }),
  password: passwordField,
});
