import cluster, { type Worker } from "node:cluster";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "./config.js";
import type { Shutdown } from "./lifecycle.js";

/**
 * `WORKERS=N npm start`: this process becomes a node:cluster primary that forks N server
 * processes sharing one listening port; connections are spread over them by the primary. Each
 * worker runs this build's main (dist/main.js, or src/main.ts under tsx) with `start` and the
 * primary's node options, as `npm start -w server` runs one; not the launcher that started the
 * primary (the root `npm start` also builds the place and the teacher app). The workers share
 * state through PostgreSQL and Redis only (loadConfig refuses WORKERS>1 without both).
 *
 * - Start-up: the banner is printed once, when every worker listens. A worker that exits before
 *   it listens (bad configuration, secrets that do not match the database, port taken) stops
 *   the others and the primary exits with its code, so a mistake never turns into a restart loop.
 * - A worker that dies later is replaced (after 1 s); the others keep serving meanwhile.
 * - SIGINT/SIGTERM to the primary: every worker gets SIGTERM and closes what it has open;
 *   workers ignore SIGINT themselves (Ctrl-C reaches the whole process group) and stop when the
 *   primary goes away.
 */
export interface WorkerReady {
	type: "classroom:ready";
	banner: string[];
	admin?: { email: string; password?: string };
}

export async function runPrimary(config: Config, shutdown: Shutdown): Promise<void> {
	let stopping = false;
	const ready = new Map<number, WorkerReady>();
	let admin: WorkerReady["admin"];
	let banner: string[] | undefined;

	shutdown.add(async () => {
		stopping = true;
		await Promise.all(Object.values(cluster.workers ?? {}).map((worker) => worker && stopWorker(worker)));
	});

	cluster.setupPrimary({ exec: serverMain(), args: ["start"] });
	const fork = (): Worker => {
		const worker = cluster.fork();
		worker.on("message", (message: WorkerReady) => {
			if (message?.type !== "classroom:ready") return;
			ready.set(worker.id, message);
			admin ??= message.admin;
			if (banner === undefined && ready.size === config.WORKERS) {
				banner = message.banner;
				console.log([`${banner[0]} in ${config.WORKERS} processes`, ...banner.slice(1), ...adminLines(admin)].join("\n"));
			}
		});
		worker.on("exit", (code, signal) => {
			const wasReady = ready.delete(worker.id);
			if (stopping) return;
			if (!wasReady && banner === undefined) {
				console.error(`A server process exited during start-up (${signal ?? `code ${code}`}): stopping.`);
				stopping = true;
				void Promise.all(Object.values(cluster.workers ?? {}).map((w) => w && stopWorker(w))).then(() => process.exit(code || 1));
				return;
			}
			console.error(`Server process ${worker.process.pid} exited (${signal ?? `code ${code}`}): starting another.`);
			setTimeout(() => stopping || fork(), 1000);
		});
		return worker;
	};
	for (let i = 0; i < config.WORKERS; i++) fork();
}

/** In a worker: tells the primary this process listens (the primary prints the banner once). */
export function reportReady(message: Omit<WorkerReady, "type">): void {
	process.send?.({ type: "classroom:ready", ...message } satisfies WorkerReady);
}

/** main.js next to this file (main.ts when running from source). */
function serverMain(): string {
	const here = fileURLToPath(import.meta.url);
	return fileURLToPath(new URL(`./main${extname(here)}`, import.meta.url));
}

function stopWorker(worker: Worker): Promise<void> {
	if (worker.isDead()) return Promise.resolve();
	return new Promise((resolve) => {
		worker.once("exit", () => resolve());
		worker.process.kill("SIGTERM");
	});
}

export function adminLines(admin: WorkerReady["admin"]): string[] {
	if (!admin) return [];
	return [`Created the first admin: ${admin.email}`, ...(admin.password ? [`  password (shown once): ${admin.password}`, ""] : [""])];
}
