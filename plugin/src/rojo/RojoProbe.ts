import { HttpService } from "@rbxts/services";
import { t } from "@rbxts/t";
import { Account } from "auth/Account";

/** Rojo's default `rojo serve` port. */
const DEFAULT_PORT = 34872;
const isProject = t.interface({ name: t.string, path: t.string, port: t.optional(t.number), status: t.string });
const isRojoInfo = t.interface({ serverVersion: t.optional(t.string), projectName: t.optional(t.string) });

export interface RojoReport {
	host: string;
	port: number;
	steps: string[];
	up: boolean;
	status: string;
}

/**
 * For developers who sync with Rojo instead of inserting: where the generated project is served
 * and how to connect, and whether a Rojo server answers there (Rojo's own GET /api/rojo).
 */
export class RojoProbe {
	public constructor(private readonly account: Account) {}

	public check(projectId: string): RojoReport | string {
		const reply = this.account.request({ method: "GET", path: `/api/v1/roblox/rojo/projects/${projectId}` });
		if (!reply.ok) return "The generated project could not be read from the server.";
		const project = reply.value.body;
		if (!isProject(project)) return "The server's project answer was not understood.";
		const host = "localhost";
		const port = project.port ?? this.defaultPort();
		const steps = [
			`1. In a terminal: rojo serve "${project.path}/default.project.json" --port ${port}`,
			`2. In Studio: Plugins > Rojo > host ${host}, port ${port} > Connect`,
			"3. Rojo syncs Workspace.Classroom and ServerStorage.ClassroomContent into this place.",
		];
		// rojo serve listens on 127.0.0.1 (what "localhost" means to its Studio plugin).
		const [ok, response] = pcall(() => HttpService.RequestAsync({ Url: `http://127.0.0.1:${port}/api/rojo`, Method: "GET" }));
		if (ok && response.Success) {
			const [decoded, info] = pcall(() => HttpService.JSONDecode(response.Body));
			const name = decoded && isRojoInfo(info) ? info.projectName ?? project.name : project.name;
			const version = decoded && isRojoInfo(info) && info.serverVersion !== undefined ? ` (Rojo ${info.serverVersion})` : "";
			return { host, port, steps, up: true, status: `Rojo is serving ${name} on ${host}:${port}${version}.` };
		}
		return { host, port, steps, up: false, status: `No Rojo server answers on ${host}:${port}: start it with step 1.` };
	}

	/** The port the server starts `rojo serve` on first (GET /rojo/check), else Rojo's default. */
	private defaultPort(): number {
		const reply = this.account.request({ method: "GET", path: "/api/v1/roblox/rojo/check" });
		const port = reply.ok && typeIs(reply.value.body, "table") ? (reply.value.body as { default_port?: unknown }).default_port : undefined;
		return typeIs(port, "number") ? port : DEFAULT_PORT;
	}
}
