import { describe, expect, it } from "vitest";
import { browserLabel } from "@/lib/user-agent";

const CHROME_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";

describe("a browser's label in lists and the activity table", () => {
  it("names the browser and the system, the same every time it is asked", () => {
    for (let i = 0; i < 3; i++) {
      expect(browserLabel(CHROME_ON_LINUX)).toBe("Chrome on Linux");
      expect(browserLabel(FIREFOX_ON_WINDOWS)).toBe("Firefox on Windows");
    }
  });

  it("says what it cannot tell, and stays right after many other user agents", () => {
    expect(browserLabel(null)).toBe("Unknown browser");
    expect(browserLabel("   ")).toBe("Unknown browser");
    expect(browserLabel("curl/8.5.0")).toBe("Unknown browser");
    for (let i = 0; i < 1_000; i++) browserLabel(`${FIREFOX_ON_WINDOWS} build/${i}`);
    expect(browserLabel(CHROME_ON_LINUX)).toBe("Chrome on Linux");
  });
});
