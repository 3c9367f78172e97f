import type { FastifyInstance, FastifyServerOptions, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import { classes, enrollments, schools, users, type Role, type Tier } from "../../src/db/tables.js";
import type { CoreServices } from "../../src/http/context.js";
import type { Resolve } from "../../src/security/outbound/outboundHttp.js";
import { createCoreServices } from "../../src/services.js";
import { hashPassword } from "../../src/security/passwords.js";
import { openTestDatabase } from "./testDatabase.js";

export interface TestApp {
	app: FastifyInstance;
	services: CoreServices;
	config: Config;
	/** Fastify inject with an optional bearer token. */
	request(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
	/** Creates a school (with its own teacher) and returns ids. */
	createSchool(name?: string, tier?: Tier): Promise<{ id: string }>;
	/** Creates a user directly in the database and signs them in; returns their access token. */
	createUser(options: { role: Role; schoolId?: string | null; email?: string | null; username?: string; tier?: Tier; password?: string }): Promise<{ id: string; token: string; refreshToken: string; username: string }>;
	createClass(options: { schoolId: string; teacherId?: string; name?: string; joinCode?: string; studentIds?: string[] }): Promise<{ id: string; joinCode: string }>;
	close(): Promise<void>;
}

let counter = 0;

/**
 * Tests drive flows at machine speed, far past the Roblox spec's per-minute categories and burst
 * limit; those limits are lifted here and tested at their real values in rateCategories.test.ts
 * (the authentication category keeps its real 10/min).
 */
const LIFTED_CATEGORY_LIMITS = {
	RATE_LIMIT_GENERATION_PER_MINUTE: "100000",
	RATE_LIMIT_DATA_PER_MINUTE: "100000",
	RATE_LIMIT_ANALYTICS_PER_MINUTE: "100000",
	RATE_LIMIT_BURST_PER_SECOND: "100000",
};

/** A fully wired backend on a fresh database (PGlite in memory, or a throwaway PostgreSQL database). */
export async function startTestApp(env: Record<string, string> = {}, options: { clock?: () => number; resolve?: Resolve; logger?: FastifyServerOptions["logger"] } = {}): Promise<TestApp> {
	const database = await openTestDatabase({ writeWaitMs: env.PGLITE_WRITE_WAIT_MS ? Number(env.PGLITE_WRITE_WAIT_MS) : undefined });
	const config = loadConfig({ DATABASE_URL: "memory://", LOG_LEVEL: "silent", JWT_SECRET: "test-secret-test-secret-test-secret-0123", CREDENTIALS_KEY: "0".repeat(63) + "1", ...LIFTED_CATEGORY_LIMITS, ...env });
	const services = await createCoreServices(config, { database, clock: options.clock, resolve: options.resolve });
	const app = await buildApp(services, { logger: options.logger });
	await app.ready();
	const db = services.database.db;
	const passwordHash = await hashPassword("correct horse battery staple");

	const testApp: TestApp = {
		app,
		services,
		config,
		request({ token, headers, ...rest }) {
			return app.inject({ ...rest, headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
		},
		async createSchool(name = `School ${++counter}`, tier: Tier = "standard") {
			const [row] = await db.insert(schools).values({ name, tier }).returning();
			return { id: row.id };
		},
		async createUser({ role, schoolId = null, email, username, tier = "standard", password }) {
			const n = ++counter;
			const name = username ?? `${role}${n}`;
			const [row] = await db
				.insert(users)
				.values({
					email: email === undefined ? (role === "student" ? null : `${name}@example.test`) : email,
					username: name,
					displayName: `${role} ${n}`,
					passwordHash: password ? await hashPassword(password) : passwordHash,
					role,
					schoolId,
					tier,
				})
				.returning();
			const pair = await services.tokens.issue({ id: row.id, role, schoolId, tier });
			return { id: row.id, token: pair.access_token, refreshToken: pair.refresh_token, username: name };
		},
		async createClass({ schoolId, teacherId, name = `Class ${++counter}`, joinCode = `JC${++counter}X`, studentIds = [] }) {
			const [row] = await db.insert(classes).values({ schoolId, teacherId, name, joinCode }).returning();
			for (const userId of studentIds) await db.insert(enrollments).values({ classId: row.id, userId });
			return { id: row.id, joinCode };
		},
		async close() {
			await app.close();
			await services.close();
			await database.close();
		},
	};
	return testApp;
}

export const PASSWORD = "correct horse battery staple";
