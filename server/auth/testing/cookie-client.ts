import { CSRF_HEADER, sessionInfoSchema, type SessionInfo } from "@/lib/auth";

/** A browser's part in the tests: keeps the cookies it is sent and sends them back, from `origin`. */
export class CookieClient {
  readonly cookies = new Map<string, string>();
  csrfToken = "";

  constructor(
    readonly baseUrl: string,
    readonly origin: string = baseUrl,
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { origin: this.origin, ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    const response = await fetch(this.baseUrl + path, { method, headers, body: init.body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      const expired = attributes.some((attribute) => /max-age=0|expires=thu, 01 jan 1970/i.test(attribute.trim()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async session(): Promise<SessionInfo> {
    const info = sessionInfoSchema.parse(await (await this.request("GET", "/api/session")).json());
    this.csrfToken = info.csrfToken;
    return info;
  }

  /** POSTs JSON with the CSRF token the last GET /api/session gave. */
  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.send("POST", path, body, headers);
  }

  /** Sends JSON (none when `body` is undefined) by any method, with the CSRF token the last GET /api/session gave. */
  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(method, path, {
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { "content-type": "application/json", [CSRF_HEADER]: this.csrfToken, ...headers },
    });
  }

  async login(name: string, password: string): Promise<Response> {
    await this.session();
    const response = await this.post("/api/login", { name, password });
    if (response.ok) this.csrfToken = ((await response.clone().json()) as { csrfToken: string }).csrfToken;
    return response;
  }
}
