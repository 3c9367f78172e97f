import { sql } from "drizzle-orm";
import { schools, users } from "../../src/db/tables.js";
import type { BenchRequest, BenchScenario, BenchTarget } from "./index.js";

/**
 * Heartbeats/s on the game-facing hot path: SESSIONS live sessions of one script, each request
 * a heartbeat of the next session in turn (autocannon's per-request hook), so the live-session
 * cache is exercised across many sessions rather than one. Goal: well above 5,000/s embedded.
 */
const SESSIONS = Number(process.env.BENCH_LICENSING_SESSIONS ?? 1000);

let ownerKey = "";
let scriptId = "";

async function openSessions(target: BenchTarget): Promise<string[]> {
	const { app, services } = target;
	const db = services.database.db;
	const [school] = await db.insert(schools).values({ name: "Bench Licensing" }).returning();
	const stamp = Date.now();
	const [user] = await db.insert(users).values({ email: `lic-${stamp}@example.test`, username: `lic-${stamp}`, displayName: "Bench", role: "teacher", schoolId: school.id }).returning();
	const { access_token } = await services.tokens.issue({ id: user.id, role: "teacher", schoolId: school.id, tier: "standard" });
	const project = await app.inject({ method: "POST", url: "/licensing/projects", headers: { authorization: `Bearer ${access_token}` }, payload: { name: "Bench" } });
	ownerKey = project.json().owner_key.key as string;
	const script = await app.inject({ method: "POST", url: "/licensing/scripts", headers: { "x-api-key": ownerKey }, payload: { name: "bench", free_for_all: true } });
	scriptId = script.json().script.id as string;
	const ids: string[] = [];
	for (let i = 0; i < SESSIONS; i++) {
		const res = await app.inject({
			method: "POST",
			url: "/licensing/game/verify",
			remoteAddress: `127.0.${i >> 8}.${i & 255}`,
			payload: { script_id: scriptId, version: 1, place_id: 1000 + i, job_id: `job-${i}`, roblox_id: 4242 },
		});
		ids.push(res.json().session_id);
	}
	return ids;
}

export const licensingScenarios: BenchScenario[] = [
	{
		name: "licensing POST /licensing/game/heartbeat",
		async prepare(target) {
			const ids = await openSessions(target);
			const bodies = ids.map((id) => JSON.stringify({ session_id: id }));
			let next = 0;
			const request = {
				path: "/licensing/game/heartbeat",
				method: "POST",
				headers: { "content-type": "application/json" },
				body: bodies[0],
				requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
			};
			return request as BenchRequest;
		},
		async report(target, result) {
			// Reading the script flushes the written-behind heartbeats first, so the counts below are durable ones.
			const info = await target.app.inject({ method: "GET", url: `/licensing/scripts/${scriptId}`, headers: { "x-api-key": ownerKey } });
			const rows = await target.services.database.db.execute(sql`select count(*)::int as n from licensing_sessions where last_seen_at > created_at`);
			const beaten = (rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (rows as unknown as { n: number }[])[0]?.n;
			return `heartbeats/s ${result.rps.toFixed(0)} over ${SESSIONS} sessions (${result.requests} heartbeats; ${beaten} sessions heartbeated, total_instances ${info.json().script.total_instances}; goal well above 5,000/s)`;
		},
	},
];
