import { spawn, type ChildProcess } from "node:child_process";
import { createConnection, createServer } from "node:net";
import { join } from "node:path";
import { PROJECT_FILE } from "./projectWriter.js";

export type ServeStatus = "starting" | "running" | "stopped" | "failed";

export interface ServeState {
	status: ServeStatus;
	port: number | null;
	pid: number | null;
	startedAt: string | null;
	error: string | null;
}

interface Running {
	child: ChildProcess;
	port: number;
	state: ServeState;
	exited: Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 3_000;
const MAX_PORT_PROBES = 200;

/**
 * `rojo serve` processes, one per project, each on the first free port from ROJO_BASE_PORT up.
 * A serve is "running" once its port accepts connections. Processes belong to this app: they are
 * stopped (SIGTERM, then SIGKILL after 3 s) when the app closes.
 */
export class RojoServeManager {
	private readonly serves = new Map<string, Running>();
	private readonly finished = new Map<string, ServeState>();

	constructor(private readonly basePort: number) {}

	state(projectId: string): ServeState {
		return this.serves.get(projectId)?.state ?? this.finished.get(projectId) ?? { status: "stopped", port: null, pid: null, startedAt: null, error: null };
	}

	async start(projectId: string, bin: string, projectPath: string): Promise<ServeState> {
		const existing = this.serves.get(projectId);
		if (existing) return existing.state;
		const port = await this.freePort();
		const child = spawn(bin, ["serve", join(projectPath, PROJECT_FILE), "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"], cwd: projectPath });
		let output = "";
		const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
		child.stdout?.on("data", keep);
		child.stderr?.on("data", keep);
		const state: ServeState = { status: "starting", port, pid: child.pid ?? null, startedAt: new Date().toISOString(), error: null };
		const exited = new Promise<void>((resolve) => {
			child.once("exit", (code, signal) => {
				const expected = state.status === "stopped";
				state.status = expected ? "stopped" : "failed";
				if (!expected) state.error = `rojo serve exited (${signal ?? `code ${code}`}): ${output.trim().slice(-300)}`;
				this.serves.delete(projectId);
				this.finished.set(projectId, { ...state, port: expected ? null : state.port });
				resolve();
			});
			child.once("error", (error) => {
				state.status = "failed";
				state.error = error.message;
				this.serves.delete(projectId);
				this.finished.set(projectId, { ...state });
				resolve();
			});
		});
		this.serves.set(projectId, { child, port, state, exited });
		this.finished.delete(projectId);

		const ready = await Promise.race([waitForPort(port, READY_TIMEOUT_MS), exited.then(() => false)]);
		if (ready && state.status === "starting") state.status = "running";
		else if (state.status === "starting") {
			await this.stop(projectId);
			state.status = "failed";
			state.error = `rojo serve did not listen on port ${port} within ${READY_TIMEOUT_MS / 1000} s`;
			this.finished.set(projectId, { ...state });
		}
		return { ...state };
	}

	async stop(projectId: string): Promise<ServeState> {
		const running = this.serves.get(projectId);
		if (!running) return this.state(projectId);
		running.state.status = "stopped";
		running.child.kill("SIGTERM");
		const timer = setTimeout(() => running.child.kill("SIGKILL"), STOP_GRACE_MS);
		await running.exited;
		clearTimeout(timer);
		return this.state(projectId);
	}

	async stopAll(): Promise<void> {
		await Promise.all([...this.serves.keys()].map((id) => this.stop(id)));
	}

	private async freePort(): Promise<number> {
		const taken = new Set([...this.serves.values()].map((s) => s.port));
		for (let port = this.basePort; port < this.basePort + MAX_PORT_PROBES && port <= 65535; port++) {
			if (!taken.has(port) && (await portIsFree(port))) return port;
		}
		throw new Error(`No free port in ${this.basePort}-${this.basePort + MAX_PORT_PROBES - 1}`);
	}
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once("error", () => resolve(false));
		server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
	});
}

async function waitForPort(port: number, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await canConnect(port)) return true;
		await new Promise((r) => setTimeout(r, 50));
	}
	return false;
}

function canConnect(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ port, host: "127.0.0.1" });
		socket.once("connect", () => {
			socket.destroy();
			resolve(true);
		});
		socket.once("error", () => resolve(false));
	});
}
