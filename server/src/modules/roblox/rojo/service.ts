import { existsSync } from "node:fs";
import { join } from "node:path";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { AppError, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { robloxRojoProjects } from "../tables.js";
import type { WebhookDispatch } from "../webhooks/service.js";
import { findRojo } from "./binary.js";
import { writeRojoProject } from "./projectWriter.js";
import type { RojoServeManager } from "./serveManager.js";

type ProjectRow = typeof robloxRojoProjects.$inferSelect;

/**
 * Generated Rojo projects of a user, and their `rojo serve` processes. A project's files are
 * stored with it in the database; `start` writes them to this process's projects directory when
 * they are not there yet (the job that generated it may have run in another server process, on
 * another machine), so any process can serve any project.
 */
export class RojoService {
	constructor(
		private readonly db: Db,
		private readonly serves: RojoServeManager,
		private readonly rojoBin: string | undefined,
		private readonly defaultPort: number,
		private readonly webhooks: WebhookDispatch,
		private readonly projectsDir: string,
	) {}

	async check() {
		const found = await findRojo(this.rojoBin);
		return { installed: found.installed, version: found.version, path: found.path, default_port: this.defaultPort, ...(found.error ? { error: found.error } : {}) };
	}

	async list(user: Principal) {
		const where = user.role === "admin" ? undefined : eq(robloxRojoProjects.userId, user.id);
		const rows = await this.db.select().from(robloxRojoProjects).where(where).orderBy(desc(robloxRojoProjects.createdAt));
		return { projects: rows.map((r) => this.present(r)), total: rows.length };
	}

	async get(user: Principal, projectId: string) {
		return this.present(await this.owned(user, projectId));
	}

	async start(user: Principal, projectId: string) {
		const project = await this.owned(user, projectId);
		const path = this.localPath(project);
		if (!existsSync(path)) {
			if (!project.files) throw new AppError(410, "PROJECT_FILES_MISSING", `The project's files are gone from ${path}`);
			await writeRojoProject(this.projectsDir, project.id, project.files);
		}
		const rojo = await findRojo(this.rojoBin);
		if (!rojo.installed || !rojo.path) throw new AppError(503, "ROJO_NOT_INSTALLED", "Rojo is not installed (put rojo on PATH or set ROJO_BIN)", rojo.error ? { reason: rojo.error } : undefined);
		const state = await this.serves.start(project.id, rojo.path, path);
		if (state.status === "failed") throw new AppError(502, "ROJO_SERVE_FAILED", state.error ?? "rojo serve failed to start");
		await this.webhooks.dispatch(project.userId, "rojo.connected", { project_id: project.id, port: state.port, path });
		return this.present(project);
	}

	async stop(user: Principal, projectId: string) {
		const project = await this.owned(user, projectId);
		await this.serves.stop(project.id);
		return this.present(project);
	}

	private async owned(user: Principal, projectId: string): Promise<ProjectRow> {
		const where = user.role === "admin" ? eq(robloxRojoProjects.id, projectId) : and(eq(robloxRojoProjects.id, projectId), eq(robloxRojoProjects.userId, user.id));
		const [row] = await this.db.select().from(robloxRojoProjects).where(where);
		if (!row) throw notFound("Rojo project");
		return row;
	}

	/** Where this process serves the project from (projects from before files were stored: where they were written). */
	private localPath(row: ProjectRow): string {
		return row.files ? join(this.projectsDir, row.id) : row.path;
	}

	private present(row: ProjectRow) {
		const serve = this.serves.state(row.id);
		return {
			project_id: row.id,
			name: row.name,
			path: this.localPath(row),
			port: serve.status === "running" || serve.status === "starting" ? serve.port : null,
			status: serve.status,
			created_at: row.createdAt.toISOString(),
			user_id: row.userId,
			files_count: row.filesCount,
			session_id: row.sessionId,
			content_id: row.contentId,
			error: serve.error,
		};
	}
}
