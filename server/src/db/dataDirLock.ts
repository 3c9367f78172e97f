import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** Who holds a DATA_DIR: written into `<DATA_DIR>/server.lock` and shown to a second process. */
export interface LockHolder {
	pid: number;
	hostname: string;
	command: string;
	port: number | null;
	startedAt: string;
	/** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat), so a reused pid is not mistaken for the holder. */
	procStart?: string;
}

export interface DataDirLock {
	readonly file: string;
	/** Records the port once the server listens, so a second process can name it. */
	setPort(port: number): void;
	release(): void;
}

export class DataDirLockedError extends Error {
	constructor(
		readonly dataDir: string,
		readonly holder: LockHolder,
	) {
		const where = holder.port ? ` on port ${holder.port}` : "";
		super(
			`DATA_DIR ${dataDir} is in use by another classroom server (pid ${holder.pid}${where} on ${holder.hostname}, ` +
				`"${holder.command}" started ${holder.startedAt}). Stop it first, or give this one its own DATA_DIR.`,
		);
		this.name = "DataDirLockedError";
	}
}

/**
 * One process at a time owns an embedded PGlite data directory: PGlite has no multi-process
 * locking of its own, so two servers on one directory both write and silently lose each
 * other's commits. The lock is a file created with O_EXCL holding the owner's pid, port and
 * start time. A lock whose process is gone (kill -9, power loss) is stale and taken over at
 * once; a lock from another host (a shared volume) is stale once its heartbeat, the file's
 * mtime refreshed every HEARTBEAT_MS, is older than FOREIGN_STALE_MS.
 *
 * Why not proper-lockfile: its staleness is mtime-only, so after a kill -9 the next start must
 * wait out the stale period, and its lock carries no owner to name in the refusal.
 */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
	const file = join(dataDir, "server.lock");
	const me: LockHolder = {
		pid: process.pid,
		hostname: hostname(),
		command,
		port: null,
		startedAt: new Date().toISOString(),
		procStart: procStart(process.pid),
	};
	for (let attempt = 0; attempt < 20; attempt++) {
		if (tryCreate(file, me)) return holding(file, me);
		const holder = readHolder(file);
		if (holder === "missing") continue;
		if (holder === "unreadable" && ageMs(file) < UNREADABLE_STALE_MS) {
			// Another process is between creating the file and writing its owner into it.
			sleepSync(100);
			continue;
		}
		if (holder !== "unreadable" && !isStale(file, holder)) throw new DataDirLockedError(dataDir, holder);
		takeOverStale(file, holder);
	}
	throw new Error(`Could not acquire ${file}: it keeps changing hands`);
}

export const HEARTBEAT_MS = 10_000;
const FOREIGN_STALE_MS = 3 * HEARTBEAT_MS;
const TAKEOVER_GUARD_STALE_MS = 10_000;
const UNREADABLE_STALE_MS = 1_000;

function holding(file: string, me: LockHolder): DataDirLock {
	let released = false;
	const heartbeat = setInterval(() => {
		const now = new Date();
		try {
			utimesSync(file, now, now);
		} catch {
			// The directory went away under us; nothing useful to do from a timer.
		}
	}, HEARTBEAT_MS);
	heartbeat.unref();
	const onExit = () => release();
	process.once("exit", onExit);
	function release() {
		if (released) return;
		released = true;
		clearInterval(heartbeat);
		process.removeListener("exit", onExit);
		const current = readHolder(file);
		if (typeof current === "object" && current.pid === me.pid && current.startedAt === me.startedAt) rmSync(file, { force: true });
	}
	return {
		file,
		setPort(port) {
			me.port = port;
			const temporary = `${file}.${process.pid}`;
			writeFileSync(temporary, JSON.stringify(me));
			renameSync(temporary, file);
		},
		release,
	};
}

function tryCreate(file: string, me: LockHolder): boolean {
	let fd: number;
	try {
		fd = openSync(file, "wx", 0o644);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
		throw error;
	}
	try {
		writeSync(fd, JSON.stringify(me));
	} finally {
		closeSync(fd);
	}
	return true;
}

function readHolder(file: string): LockHolder | "missing" | "unreadable" {
	let text: string;
	try {
		text = readFileSync(file, "utf8");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
		throw error;
	}
	try {
		const parsed = JSON.parse(text) as LockHolder;
		return typeof parsed.pid === "number" ? parsed : "unreadable";
	} catch {
		return "unreadable";
	}
}

function isStale(file: string, holder: LockHolder): boolean {
	if (holder.hostname !== hostname()) return ageMs(file) > FOREIGN_STALE_MS;
	// Our own pid in the file can only be a previous life (a container restarting as pid 1).
	if (holder.pid === process.pid) return true;
	if (!processAlive(holder.pid)) return true;
	const start = procStart(holder.pid);
	return Boolean(start && holder.procStart && start !== holder.procStart);
}

/**
 * Two processes may find the same stale lock at once. A guard file created with O_EXCL lets
 * only one of them remove it; the other loops and finds the winner's fresh lock.
 */
function takeOverStale(file: string, seen: LockHolder | "unreadable"): void {
	const guard = `${file}.takeover`;
	let fd: number;
	try {
		fd = openSync(guard, "wx");
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
		if (ageMs(guard) > TAKEOVER_GUARD_STALE_MS) rmSync(guard, { force: true });
		return;
	}
	closeSync(fd);
	try {
		const again = readHolder(file);
		const same = seen === "unreadable" ? again === "unreadable" : typeof again === "object" && again.pid === seen.pid && again.startedAt === seen.startedAt;
		if (same) rmSync(file, { force: true });
	} finally {
		rmSync(guard, { force: true });
	}
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: alive but someone else's.
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

function procStart(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		// Field 22 (starttime); the command name (field 2) may contain spaces, so count after ")".
		return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
	} catch {
		return undefined;
	}
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ageMs(file: string): number {
	try {
		return Date.now() - statSync(file).mtimeMs;
	} catch {
		return 0;
	}
}
