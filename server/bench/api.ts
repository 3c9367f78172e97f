import { randomUUID } from "node:crypto";
import { Agent, fetch } from "undici";

/**
 * The bench's set-up client: everything a scenario prepares goes through the server's HTTP API,
 * as a user's would, since the server runs in another process. The admin comes from
 * ADMIN_EMAIL / ADMIN_PASSWORD given to the server at its first start.
 */
export const BENCH_ADMIN = { email: "bench-admin@example.test", password: "bench-admin-password-1" };
const PASSWORD = "bench-user-password-1";

export interface CallOptions {
	bearer?: string;
	apiKey?: string;
	body?: unknown;
	/** A loopback source address (127.x.y.z), for set-up that would spend one address's budget. */
	from?: string;
}

export class BenchApi {
	private adminToken?: Promise<string>;

	constructor(readonly url: string) {}

	async call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<T> {
		const headers: Record<string, string> = {};
		if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
		if (options.apiKey) headers["x-api-key"] = options.apiKey;
		if (options.body !== undefined) headers["content-type"] = "application/json";
		const dispatcher = options.from ? this.agentFrom(options.from) : undefined;
		const body = options.body === undefined ? undefined : JSON.stringify(options.body);
		const response = await fetch(this.url + path, { method, headers, body, dispatcher });
		const text = await response.text();
		if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	private agents = new Map<string, Agent>();
	private agentFrom(address: string): Agent {
		let agent = this.agents.get(address);
		if (!agent) this.agents.set(address, (agent = new Agent({ localAddress: address })));
		return agent;
	}

	async close(): Promise<void> {
		await Promise.all([...this.agents.values()].map((agent) => agent.close()));
	}

	async login(email: string, password: string): Promise<string> {
		const res = await this.call<{ data: { access_token: string } }>("POST", "/v2/auth/login", { body: { email, password } });
		return res.data.access_token;
	}

	admin(): Promise<string> {
		this.adminToken ??= this.login(BENCH_ADMIN.email, BENCH_ADMIN.password);
		return this.adminToken;
	}

	async school(name: string): Promise<string> {
		const res = await this.call<{ data: { id: string } }>("POST", "/v2/schools", { bearer: await this.admin(), body: { name } });
		return res.data.id;
	}

	/** A new user of `role` in `schoolId`, signed in. */
	async user(role: "teacher" | "parent" | "admin", schoolId: string): Promise<{ id: string; token: string }> {
		const email = `bench-${role}-${randomUUID()}@example.test`;
		const res = await this.call<{ data: { id: string } }>("POST", "/v2/users", {
			bearer: await this.admin(),
			body: { role, display_name: `Bench ${role}`, password: PASSWORD, email, school_id: schoolId },
		});
		return { id: res.data.id, token: await this.login(email, PASSWORD) };
	}

	async teacher(schoolName: string): Promise<{ id: string; token: string; schoolId: string }> {
		const schoolId = await this.school(schoolName);
		return { ...(await this.user("teacher", schoolId)), schoolId };
	}
}
