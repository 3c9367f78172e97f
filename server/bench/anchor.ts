import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import Fastify from "fastify";
import postgres from "postgres";
import { ANCHOR_PLAYERS, ANCHOR_SCHEMA, INSERT_ANSWER, INSERT_AUDIT, INSERT_MESSAGE, READ_USER, SCORE_PLAYER } from "./anchorSql.js";

/**
 * One anchor server, in its own process (started by run.ts): `bare` is Fastify answering GET and
 * POST with no work; `db` is Fastify plus the project's driver doing exactly anchorSql.ts per
 * request — postgres.js on BENCH_DATABASE_URL (pool of 10, as the project), else PGlite in a
 * temporary directory. Sends `{ url }` to the parent once listening.
 */
const kind = process.argv[2];
const app = Fastify({ logger: false });

if (kind === "bare") {
	app.get("/", async () => ({ hello: "world" }));
	app.post("/", async (request) => ({ ok: true, echo: request.body }));
} else {
	const db = await openDriver(process.env.BENCH_DATABASE_URL);
	for (const statement of ANCHOR_SCHEMA) await db.run(statement, []);
	const [user] = await db.run(`insert into anchor_users (email, username, display_name, role) values ('anchor@example.test', 'anchor', 'Anchor', 'teacher') returning id`, []);
	const sessionId = crypto.randomUUID();
	for (let p = 0; p < ANCHOR_PLAYERS; p++) await db.run(`insert into anchor_players (session_id, player_id) values ($1, $2)`, [sessionId, `player_${p}`]);
	const userId = user.id as string;

	app.get("/read", async () => (await db.run(READ_USER, [userId]))[0]);
	app.post<{ Body: { recipient_id: string; subject: string; body: string } }>("/message", async (request, reply) => {
		const { recipient_id, subject, body } = request.body;
		const message = await db.transaction(async (run) => {
			const [row] = await run(INSERT_MESSAGE, [userId, recipient_id, subject, body]);
			await run(INSERT_AUDIT, [userId, row.id]);
			return row;
		});
		return reply.code(201).send(message);
	});
	app.post<{ Body: { playerId: string; questionId: string; answer: number } }>("/answer", async (request) => {
		const { playerId, questionId, answer } = request.body;
		return db.transaction(async (run) => {
			const inserted = await run(INSERT_ANSWER, [sessionId, playerId, questionId, answer]);
			await run(SCORE_PLAYER, [sessionId, playerId, inserted.length]);
			return { accepted: inserted.length === 1 };
		});
	});
	app.addHook("onClose", () => db.close());
}

const url = await app.listen({ port: 0, host: "127.0.0.1" });
process.send?.({ url });
process.on("disconnect", () => void app.close().then(() => process.exit(0)));

type Run = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
interface Driver {
	run: Run;
	transaction<T>(fn: (run: Run) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

async function openDriver(url: string | undefined): Promise<Driver> {
	if (url) {
		const sql = postgres(url, { max: 10, onnotice: () => {} });
		const runOn = (client: Pick<postgres.Sql, "unsafe">): Run => (text, params) => client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }) as unknown as Promise<Record<string, unknown>[]>;
		return {
			run: runOn(sql),
			transaction: (fn) => sql.begin((tx) => fn(runOn(tx))) as Promise<never>,
			close: () => sql.end({ timeout: 5 }),
		};
	}
	const dir = mkdtempSync(join(tmpdir(), "bench-anchor-"));
	const pg = new PGlite(dir);
	await pg.waitReady;
	const runOn = (client: Pick<PGlite, "query">): Run => async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows;
	return {
		run: runOn(pg),
		transaction: (fn) => pg.transaction((tx) => fn(runOn(tx))),
		close: async () => {
			await pg.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
