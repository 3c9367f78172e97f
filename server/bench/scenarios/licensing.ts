import type { BenchApi } from "../api.js";
import type { BenchScenario } from "./index.js";

/**
 * Heartbeats/s on the game-facing hot path: SESSIONS live sessions of one script, each request
 * a heartbeat of the next session in turn, so the live-session cache is exercised across many
 * sessions rather than one. Sessions are opened from several loopback addresses, as game
 * servers would be: /licensing/game/verify allows 600 a minute per address.
 */
const SESSIONS = Number(process.env.BENCH_LICENSING_SESSIONS ?? 1000);
const PER_ADDRESS = 500;

let ownerKey = "";
let scriptId = "";

async function openSessions(api: BenchApi): Promise<string[]> {
	const { token } = await api.teacher("Bench Licensing");
	const project = await api.call<{ owner_key: { key: string } }>("POST", "/licensing/projects", { bearer: token, body: { name: "Bench" } });
	ownerKey = project.owner_key.key;
	const script = await api.call<{ script: { id: string } }>("POST", "/licensing/scripts", { apiKey: ownerKey, body: { name: "bench", free_for_all: true } });
	scriptId = script.script.id;
	const ids: string[] = [];
	for (let i = 0; i < SESSIONS; i++) {
		const from = `127.0.${1 + Math.floor(i / PER_ADDRESS)}.1`;
		const res = await api.call<{ session_id: string }>("POST", "/licensing/game/verify", { from, body: { script_id: scriptId, version: 1, place_id: 1000 + i, job_id: `job-${i}`, roblox_id: 4242 } });
		ids.push(res.session_id);
	}
	return ids;
}

export const licensingScenarios: BenchScenario[] = [
	{
		name: "licensing POST /licensing/game/heartbeat",
		anchor: "bare POST",
		async prepare(api) {
			const sessionIds = await openSessions(api);
			return { path: "/licensing/game/heartbeat", method: "POST", headers: { "content-type": "application/json" }, bodies: { generator: "heartbeat", args: { sessionIds } } };
		},
		async report(api, result) {
			// Reading the script flushes the written-behind heartbeats first, so the count is a durable one.
			const info = await api.call<{ script: { total_instances: number } }>("GET", `/licensing/scripts/${scriptId}`, { apiKey: ownerKey });
			return `${result.rps.toFixed(0)} heartbeats/s over ${SESSIONS} sessions (total_instances ${info.script.total_instances}; goal well above 5,000/s)`;
		},
	},
];
