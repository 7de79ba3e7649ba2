/** The line a mail about a change adds when that change ended the user's trusted browsers; none when there were none. */
export function trustedBrowsersRemovedSentence(count: number): string[] {
  if (count === 0) return [];
  const which = count === 1 ? "The browser you trusted" : `All ${count} browsers you trusted`;
  return [`${which} will ask for a verification code again at the next sign-in: trusted browsers end with this change.`];
}
