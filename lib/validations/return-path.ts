import { z } from "zod";
import { DEFAULT_RETURN_PATH, safeReturnPath } from "@/lib/auth/return-path";

/** The page a sign-in returns to: whatever was sent becomes a safe path (or the customer area), never an error. */
export const returnPathField = z
  .unknown()
  .optional()
  .transform((value) => (value === undefined ? DEFAULT_RETURN_PATH : safeReturnPath(value)));
