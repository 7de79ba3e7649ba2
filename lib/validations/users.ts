import { z } from "zod";

/** `?filter=without-2fa` on `Users`; anything else shows everyone. */
export const usersFilterSchema = z.enum(["all", "without-2fa"]).catch("all");

