/**
 * The internet as the harness's HttpService sees it. A live Roblox server cannot reach
 * localhost, so a test publishes its loopback backend under a public-looking host, the way DNS
 * and a reverse proxy put a real backend on the internet:
 *
 *   const url = publish(backend.url);           // "https://backend-41234.example.test"
 *   startClassroom({ config: { backendUrl: url } });
 *
 * Requests to a published origin go to its loopback server (path and query kept). Hosts under
 * the reserved `.test` / `.invalid` names that nobody published fail like an unknown domain
 * (HttpError: DnsResolve); any other host is refused loudly, since a test must not reach the
 * real internet.
 */
const routes = new Map<string, string>();

/** Publishes a loopback server under `https://<host>`; returns that public origin. */
export function publish(loopbackUrl: string, host?: string): string {
	const target = new URL(loopbackUrl);
	const origin = `https://${host ?? `backend-${target.port || "80"}.example.test`}`;
	routes.set(origin, target.origin);
	return origin;
}

/** Takes a published origin off the internet (later requests fail with DnsResolve). */
export function unpublish(origin: string): void {
	routes.delete(new URL(origin).origin);
}

export type Route = { url: URL } | { error: string };

/** Where a request to `url` goes: a loopback URL, or the error HttpService reports. */
export function route(url: URL): Route {
	const target = routes.get(url.origin);
	if (target) return { url: new URL(url.pathname + url.search, target) };
	if (LOOPBACK.has(url.hostname)) return { url };
	if (/\.(test|invalid)$/i.test(url.hostname)) return { error: "DnsResolve" };
	throw new Error(`harness: HttpService has no route to ${url.origin}; publish a loopback server for it (tests/harness/internet.ts)`);
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
