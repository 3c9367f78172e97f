/**
 * The place's BackendClient against a loopback stand-in for the backend: the place key travels
 * as `Authorization: Bearer <secret>`, 429s wait out Retry-After, 5xx back off exponentially,
 * and a backend that never answers leaves the session running offline instead of blocking it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Universe, publish } from "../harness";
import { fractionsLesson, lastOf, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

interface Seen {
	method: string;
	url: string;
	authorization?: string;
	idempotencyKey?: string;
}

let server: http.Server | undefined;

/** Answers requests with the given statuses in turn (then 201 with a session). */
async function standIn(script: Array<{ status: number; headers?: Record<string, string> }>): Promise<{ url: string; seen: Seen[] }> {
	const seen: Seen[] = [];
	server = http.createServer((req, res) => {
		seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, idempotencyKey: req.headers["idempotency-key"] as string | undefined });
		req.resume();
		const step = script.shift();
		if (step) {
			res.writeHead(step.status, { "content-type": "application/json", ...step.headers });
			res.end(JSON.stringify({ error: { code: step.status === 429 ? "RATE_LIMITED" : "INTERNAL_ERROR", message: "stand-in" } }));
			return;
		}
		res.writeHead(201, { "content-type": "application/json" });
		res.end(JSON.stringify({ sessionId: "session_standin", status: "active", expiresAt: "2026-01-01T01:00:00Z" }));
	});
	await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
	return { url: publish(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`), seen };
}

afterEach(async () => {
	const running = server;
	server = undefined;
	if (running) await new Promise((resolve) => running.close(resolve));
});

describe("the place's backend client", () => {
	it("sends the place key, honours Retry-After on 429 and backs off on 5xx", async () => {
		requireBuild();
		const { url, seen } = await standIn([{ status: 429, headers: { "retry-after": "7" } }, { status: 503 }]);
		const universe = new Universe();
		universe.setSecret("classroom_place_key", "place_test_key");
		const place = await startClassroom({ universe, lessons: { fractions: await fractionsLesson(2) }, config: { backendUrl: url } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		await teacher.fire("teacherCommand", { kind: "launch", contentId: "fractions" });
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({ method: "POST", url: "/v2/roblox/sessions", authorization: "Bearer place_test_key" });
		// A retried POST carries an Idempotency-Key (HttpService:GenerateGUID), the same on every retry.
		expect(seen[0].idempotencyKey).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i);
		await place.advance(6.5);
		expect(seen).toHaveLength(1);
		await place.advance(1);
		// Second attempt (503) at 7 s, then exponential backoff: the third at 9 s.
		expect(seen).toHaveLength(2);
		await place.advance(1);
		expect(seen).toHaveLength(2);
		await place.advance(1);
		expect(seen).toHaveLength(3);
		await place.advance(1.5);
		expect(lastOf<{ sessionId: string; status: string }>(teacher, "teacher")).toMatchObject({ sessionId: "session_standin", status: "waiting" });
		expect(new Set(seen.map((s) => s.idempotencyKey))).toEqual(new Set([seen[0].idempotencyKey]));
		await place.shutdown();
	});

	it("runs the session offline when the backend cannot be reached, without blocking players", async () => {
		requireBuild();
		const lesson = await fractionsLesson(2);
		const place = await startClassroom({ lessons: { fractions: lesson } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await teacher.fire("teacherCommand", { kind: "launch", contentId: "fractions" });
		await place.advance(10);
		const view = lastOf<{ sessionId: string; joined: boolean }>(ana, "session")!;
		expect(view.sessionId).toMatch(/^local_/);
		expect(view.joined).toBe(true);
		await place.shutdown();
	});
});
