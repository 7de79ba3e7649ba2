/**
 * For tests against the Demo SSO provider (scripts/demo-identity-provider.ts):
 * a person's visit to its login and consent pages, played with fetch.
 */

/** Any password is accepted by the provider's development login page. */
const ANY_PASSWORD = "any password";
/** Login page, consent page, and the redirects between them take about eight requests. */
const MAX_REQUESTS = 20;

/** A browser's cookie jar for one site, enough for the provider: one value per name, path ignored. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response): void {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = setCookie.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expires = attributes.find((attribute) => /^\s*expires=/i.test(attribute));
      const expired = expires !== undefined && Date.parse(expires.split("=")[1] ?? "") <= Date.now();
      if (value === "" || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

function decodeHtml(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

function attribute(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag)?.[1];
  return value === undefined ? undefined : decodeHtml(value);
}

/** The page's form as the person submits it: its action, and its fields with login and password filled in. */
function fillForm(html: string, pageUrl: string, email: string): { action: string; fields: URLSearchParams } {
  const form = /<form\b[^>]*>[\s\S]*?<\/form>/i.exec(html)?.[0];
  const action = form && attribute(form, "action");
  if (!form || !action) throw new Error(`No form on the provider's page ${pageUrl}: ${html.slice(0, 500)}`);
  const fields = new URLSearchParams();
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, "name");
    if (name === "login") fields.set(name, email);
    else if (name === "password") fields.set(name, ANY_PASSWORD);
    else if (name) fields.set(name, attribute(input, "value") ?? "");
  }
  return { action: new URL(action, pageUrl).href, fields };
}

/** Drives the provider's own login and consent pages as a browser would (fetch with a cookie jar), starting from an authorization URL (as Auth.js redirects to); returns the final redirect to the app's callback URL (with code and state, or error) without following it. */
export async function authorizeAtProvider(authorizationUrl: string, email: string): Promise<string> {
  const providerOrigin = new URL(authorizationUrl).origin;
  const jar = new CookieJar();
  // The next request: a GET after a redirect, or a form's POST.
  let request: { url: string; form?: URLSearchParams } = { url: authorizationUrl };

  for (let count = 0; count < MAX_REQUESTS; count += 1) {
    const response = await fetch(request.url, {
      method: request.form ? "POST" : "GET",
      body: request.form,
      headers: { cookie: jar.header() },
      redirect: "manual",
    });
    jar.keep(response);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, request.url).href;
      if (new URL(next).origin !== providerOrigin) return next;
      request = { url: next };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`The provider answered ${response.status} at ${request.url}: ${html.slice(0, 500)}`);
    const { action, fields } = fillForm(html, request.url, email);
    request = { url: action, form: fields };
  }
  throw new Error(`No redirect away from the provider after ${MAX_REQUESTS} requests, from ${authorizationUrl}`);
}
