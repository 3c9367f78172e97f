import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

// `ws` ships no type declarations here; this is the slice of its client the test uses.
interface WebSocket {
	on(event: "message", listener: (raw: Buffer) => void): this;
	once(event: "open" | "error", listener: (arg?: unknown) => void): this;
	send(data: string): void;
	close(): void;
}
const WebSocket = createRequire(import.meta.url)("ws") as new (url: string) => WebSocket;

/** The WebSocket API over real sockets: messages reach only sockets authorised for that school. */
let w: ClassroomWorld;
let url: string;
beforeAll(async () => {
	w = await startClassroom();
	const base = await w.t.app.listen({ port: 0, host: "127.0.0.1" });
	url = `${base.replace("http", "ws")}/v2/roblox/ws`;
});
afterAll(async () => w.t.close());

interface Client {
	socket: WebSocket;
	messages: Record<string, unknown>[];
	next(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
	send(message: unknown): void;
}

async function connect(): Promise<Client> {
	const socket = new WebSocket(url);
	const messages: Record<string, unknown>[] = [];
	const waiters: { type: string; resolve: (m: Record<string, unknown>) => void }[] = [];
	const taken = new WeakSet<object>();
	socket.on("message", (raw) => {
		const m = JSON.parse(String(raw));
		messages.push(m);
		const i = waiters.findIndex((x) => x.type === m.type);
		if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
	});
	await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
	return {
		socket,
		messages,
		send: (m) => socket.send(JSON.stringify(m)),
		next(type, timeoutMs = 5000) {
			const seen = messages.find((m) => m.type === type && !taken.has(m));
			if (seen) {
				taken.add(seen);
				return Promise.resolve(seen);
			}
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
				waiters.push({ type, resolve: (m) => (clearTimeout(timer), taken.add(m), resolve(m)) });
			});
		},
	};
}

describe("/v2/roblox/ws", () => {
	it("authorises with a place key or JWT and delivers only that school's events", async () => {
		const teacherA = await connect();
		const placeB = await connect();
		const anonymous = await connect();
		const forger = await connect();
		teacherA.send({ type: "auth", token: w.a.teacher, clientType: "plugin" });
		placeB.send({ type: "auth", token: w.b.key, clientType: "game_server" });
		forger.send({ type: "auth", token: "place_forged0000000000000000000000000000", clientType: "plugin" });
		expect(await teacherA.next("auth")).toMatchObject({ status: "authenticated", schoolId: w.a.id });
		expect(await placeB.next("auth")).toMatchObject({ status: "authenticated", schoolId: w.b.id });
		expect(await forger.next("error")).toMatchObject({ code: "UNAUTHORIZED" });
		anonymous.send({ type: "generate_content", requestId: "x", data: {} });
		expect(await anonymous.next("error")).toMatchObject({ code: "UNAUTHORIZED" });

		const { contentId } = await makeContent(w.t, w.a.teacher);
		const sessionId = (await w.t.request({ method: "POST", url: "/v2/roblox/sessions", token: w.a.key, payload: { contentId, maxPlayers: 5 } })).json().sessionId;
		await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/join`, token: w.a.key, payload: { playerId: "p_1", playerName: "Kim" } });
		expect(await teacherA.next("player_joined")).toEqual({ type: "player_joined", sessionId, player: { id: "p_1", name: "Kim" } });
		await w.t.request({ method: "POST", url: "/v2/roblox/progress", token: w.a.key, payload: { playerId: "p_1", sessionId, lessonId: "l", progress: 80, score: 900, timestamp: "2026-03-02T10:00:00Z" } });
		expect(await teacherA.next("progress_updated")).toEqual({ type: "progress_updated", sessionId, playerId: "p_1", progress: 80, score: 900 });

		// a round trip on B's own socket proves B's earlier events would have arrived by now
		placeB.send({ type: "ping" });
		await placeB.next("error");
		for (const c of [placeB, anonymous, forger]) {
			expect(c.messages.filter((m) => m.type === "player_joined" || m.type === "progress_updated")).toEqual([]);
		}
		for (const c of [teacherA, placeB, anonymous, forger]) c.socket.close();
	});

	it("generate_content streams progress then the stored content", async () => {
		const c = await connect();
		c.send({ type: "auth", token: w.a.key, clientType: "plugin" });
		await c.next("auth");
		c.send({ type: "generate_content", requestId: "req_bad", data: { subject: "Mathematics", gradeLevel: 0, learningObjectives: [] } });
		expect(await c.next("error")).toMatchObject({ code: "INVALID_REQUEST", requestId: "req_bad", details: { field: "gradeLevel" } });
		c.send({ type: "generate_content", requestId: "req_1", data: { subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions"], maxQuestions: 2 } });
		const firstProgress = await c.next("generation_progress");
		expect(firstProgress).toMatchObject({ requestId: "req_1", progress: 10 });
		const done = await c.next("generation_complete");
		expect(done.requestId).toBe("req_1");
		const stored = await w.t.request({ method: "GET", url: `/v2/roblox/content/${done.contentId}`, token: w.a.teacher });
		expect(stored.json().content).toEqual(done.content);
		const stages = c.messages.filter((m) => m.type === "generation_progress").map((m) => m.progress);
		expect(stages).toEqual([10, 40, 70, 90]);
		c.socket.close();
	});
});
