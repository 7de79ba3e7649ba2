/**
 * Whether a server action's body is one that React's own forms could have
 * sent. Next.js decodes the body before any code of ours runs, and answers a
 * root that is not a list, a deep nesting or a `__proto__` reference with a
 * 500; proxy.ts refuses those with a 400 instead (docs/security.md).
 * A real form sends a list of arguments, a few levels deep, whose references
 * (`$1:field`) name plain fields. No server-only imports: proxy.ts uses it.
 */

const MAX_DEPTH = 32;
const FORBIDDEN_PATH = /(^|:)(__proto__|constructor|prototype)(:|$)/;

function acceptableValue(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  // "$$…" is a person's own text that starts with "$", escaped by React: not a reference.
  if (typeof value === "string") return !value.startsWith("$") || value.startsWith("$$") || !FORBIDDEN_PATH.test(value.slice(1));
  if (Array.isArray(value)) return value.every((item) => acceptableValue(item, depth + 1));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).every(
      ([key, item]) => key !== "__proto__" && key !== "constructor" && key !== "prototype" && acceptableValue(item, depth + 1),
    );
  }
  return true;
}

/** The root of the arguments: JSON, and a list. */
function acceptableRoot(text: string): boolean {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return false;
  }
  return Array.isArray(root) && acceptableValue(root, 0);
}

function acceptableChunk(text: string): boolean {
  try {
    return acceptableValue(JSON.parse(text), 0);
  } catch {
    return false;
  }
}

/**
 * `fields`: the multipart fields of the body (null when it is not multipart);
 * `text`: the body otherwise. Fields named by a number are React's JSON
 * chunks ("0" the root); `<n>_<name>` fields are a form's own values, any text.
 */
export function isAcceptableActionBody({ fields, text }: { fields: FormData | null; text: string | null }): boolean {
  if (fields === null) return text !== null && acceptableRoot(text);
  if (typeof fields.get("0") !== "string") return false;
  for (const [name, value] of fields.entries()) {
    if (FORBIDDEN_PATH.test(name.replace(/^\d+_/, ""))) return false;
    if (!/^\d+$/.test(name) || typeof value !== "string") continue;
    if (name === "0" ? !acceptableRoot(value) : !acceptableChunk(value)) return false;
  }
  return true;
}
