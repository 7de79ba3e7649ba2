import { z } from "zod";

/** Ids of rows in the user's own lists; anything else is refused before a query (a uuid column rejects non-uuids loudly). */
const rowId = z.uuid("This item is not in your list. Reload the page.");

export const sessionIdSchema = z.object({ sessionId: rowId });

export const trustedBrowserIdSchema = z.object({ trustedBrowserId: rowId });
