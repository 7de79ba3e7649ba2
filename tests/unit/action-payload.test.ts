import { describe, expect, it } from "vitest";
import { isAcceptableActionBody } from "@/lib/action-payload";

function multipart(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe("a server action's body is refused unless a React form could have sent it", () => {
  it("what React sends: a list of arguments, as text or as multipart with the form's own fields", () => {
    expect(isAcceptableActionBody({ fields: null, text: '[{"ok":false,"error":"x"},"$K1"]' })).toBe(true);
    const form = multipart({ "0": '[null,"$K1"]', "1_email": "$1:__proto__ typed by a person", "1_name": "Ada" });
    expect(isAcceptableActionBody({ fields: form, text: null })).toBe(true);
  });

  it("a root that is not a list, or not JSON at all", () => {
    expect(isAcceptableActionBody({ fields: null, text: '{"0":1}' })).toBe(false);
    expect(isAcceptableActionBody({ fields: null, text: "not json" })).toBe(false);
    expect(isAcceptableActionBody({ fields: null, text: null })).toBe(false);
    expect(isAcceptableActionBody({ fields: multipart({ "0": '"text"' }), text: null })).toBe(false);
    expect(isAcceptableActionBody({ fields: multipart({ "1_email": "a@example.test" }), text: null })).toBe(false);
  });

  it("a nesting deeper than any form's", () => {
    expect(isAcceptableActionBody({ fields: null, text: `${"[".repeat(40)}${"]".repeat(40)}` })).toBe(false);
    expect(isAcceptableActionBody({ fields: null, text: `${"[".repeat(8)}${"]".repeat(8)}` })).toBe(true);
  });

  it("a reference or key into __proto__, constructor or prototype", () => {
    expect(isAcceptableActionBody({ fields: null, text: '["$1:__proto__:polluted"]' })).toBe(false);
    expect(isAcceptableActionBody({ fields: null, text: '[{"__proto__":{"x":1}}]' })).toBe(false);
    expect(isAcceptableActionBody({ fields: null, text: '["$K1:constructor:prototype"]' })).toBe(false);
    expect(isAcceptableActionBody({ fields: multipart({ "0": "[]", "1": '{"a":"$2:__proto__"}' }), text: null })).toBe(false);
    expect(isAcceptableActionBody({ fields: multipart({ "0": "[]", "1___proto__": "x" }), text: null })).toBe(false);
    // A person's text that merely mentions the word is escaped by React ("$$") and stays acceptable.
    expect(isAcceptableActionBody({ fields: null, text: '["$$1:constructor"]' })).toBe(true);
  });
});
