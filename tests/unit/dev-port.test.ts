import { describe, expect, it } from "vitest";
import { devAppUrl, devHostname, devPort } from "@/scripts/dev-port";

describe("npm run dev on another port", () => {
  it.each([
    [[], {}, 3000],
    [["-p", "3400"], {}, 3400],
    [["--port", "3400"], {}, 3400],
    [["--port=3400"], {}, 3400],
    [[], { PORT: "3401" }, 3401],
    [["-p", "3400"], { PORT: "3401" }, 3400],
    [["-H", "0.0.0.0", "-p", "3402"], {}, 3402],
  ] as const)("%j with %j serves on %i", (args, env, port) => {
    expect(devPort(args, env)).toBe(port);
  });

  it("refuses what is not a port", () => {
    expect(() => devPort(["-p", "80a"], {})).toThrow(/Not a port: 80a/);
    expect(() => devPort([], { PORT: "70000" })).toThrow(/Not a port: 70000/);
  });

  it("links in mails use that port unless APP_URL says otherwise", () => {
    expect(devAppUrl(3400, {})).toBe("http://localhost:3400");
    expect(devAppUrl(3400, { APP_URL: "https://portal.example.com" })).toBe("https://portal.example.com");
  });

  it("listens where -H or --hostname says, else nowhere in particular (the script picks 127.0.0.1)", () => {
    expect(devHostname(["-H", "0.0.0.0", "-p", "3402"])).toBe("0.0.0.0");
    expect(devHostname(["--hostname", "192.0.2.1"])).toBe("192.0.2.1");
    expect(devHostname(["--hostname=::"])).toBe("::");
    expect(devHostname(["-p", "3400"])).toBeUndefined();
  });
});
