import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { answersFor, question, startLlmStandIn, type LlmStandIn } from "./llmStandIn.js";

/**
 * GET /api/v1/roblox/conversation/generations/{id}/events over a real loopback socket, the way
 * the Studio plugin's web stream client reads it. The lesson is written by the language-model
 * stand-in behind a gate the test opens, so a generation can be held at 10 % while streams
 * connect and then run to completion while they listen.
 */
let t: TestApp;
let llm: LlmStandIn;
let gate: Gate;
let base: string;
let owner: { id: string; token: string };
let admin: { token: string };

beforeAll(async () => {
	llm = await startLlmStandIn();
	gate = await startGate(llm.baseUrl);
	t = await startTestApp({ LLM_BASE_URL: gate.url, LLM_API_KEY: llm.apiKey, LLM_MODEL: "class-model", SSE_HEARTBEAT_SECONDS: "1" });
	const school = await t.createSchool();
	owner = await t.createUser({ role: "teacher", schoolId: school.id });
	admin = await t.createUser({ role: "admin", schoolId: school.id });
	base = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
	gate.release();
	await t.services.jobs.idle();
	await t.close();
	await gate.shutdown();
	await llm.close();
});

const HISTORY = [
	question("In which year was the US Declaration of Independence signed?", ["1776", "1789", "1812", "1865"], 0),
	question("Who was the first President of the United States?", ["Thomas Jefferson", "George Washington", "John Adams", "Abraham Lincoln"], 1),
	question("Which document begins with 'We the People'?", ["The Bill of Rights", "The Declaration of Independence", "The US Constitution", "The Emancipation Proclamation"], 2),
	question("What was the Boston Tea Party a protest against?", ["Taxes on tea without representation", "The price of coffee", "British soldiers in New York", "The end of slavery"], 0),
];
const KEYS = new Map(HISTORY.map((q) => [q.text, q.correct] as const));

describe("generation progress as server-sent events", () => {
	it("relays the progress in order with ids, resumes after Last-Event-ID, beats while waiting and ends on completion", async () => {
		gate.hold();
		const generationId = await startGeneration(owner.token);
		await progressReaches(generationId, 10);

		const fresh = await openStream(generationId, owner.token);
		const resumed = await openStream(generationId, owner.token, "10");
		expect(fresh.response.status).toBe(200);
		expect(fresh.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
		expect(fresh.response.headers.get("cache-control")).toContain("no-cache");
		await fresh.until((events) => events.some((e) => e.id === "10"));
		await sleep(1200); // held at 10 %: heartbeats keep the line open
		expect(fresh.comments).toContain("heartbeat");
		expect(resumed.events).toEqual([]);

		gate.release();
		const [all, rest] = await Promise.all([fresh.ended, resumed.ended]);
		expect(all.map((e) => [e.id, e.event])).toEqual([
			["10", "generation-progress"],
			["40", "generation-progress"],
			["70", "generation-progress"],
			["90", "generation-progress"],
			["100", "generation-complete"],
		]);
		expect(all[0].data).toMatchObject({ generation_id: generationId, progress: 10, snapshot: true });
		expect(all[1].data).toMatchObject({ generation_id: generationId, progress: 40, stage: "content_generated" });
		expect(rest.map((e) => e.id)).toEqual(["40", "70", "90", "100"]);
		const status = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${generationId}`, token: owner.token })).json();
		expect(all[4].data).toMatchObject({ generation_id: generationId, content_id: status.content_id, status: "success" });
		expect(fresh.retry).toBe("3000");

		const after = await openStream(generationId, owner.token, "40");
		const outcome = await after.ended;
		expect(outcome.map((e) => [e.id, e.event])).toEqual([["100", "generation-complete"]]);
		expect(outcome[0].data).toMatchObject({ content_id: status.content_id, snapshot: true });
	});

	it("ends with error-occurred when the generation fails, live and on reconnect", async () => {
		gate.hold();
		const generationId = await startGeneration(owner.token, false);
		await progressReaches(generationId, 10);
		const stream = await openStream(generationId, owner.token);
		await stream.until((events) => events.length > 0);
		gate.release();
		const events = await stream.ended;
		expect(events.map((e) => [e.id, e.event])).toEqual([
			["10", "generation-progress"],
			["100", "error-occurred"],
		]);
		expect(events[1].data).toMatchObject({ generation_id: generationId, error_code: expect.any(String), error_message: expect.any(String) });
		const again = await (await openStream(generationId, owner.token, "10")).ended;
		expect(again).toEqual([{ id: "100", event: "error-occurred", data: expect.objectContaining({ error_code: events[1].data!.error_code, snapshot: true }) }]);
	});

	it("shows a generation to its owner only: another teacher gets 404, no token 401, a malformed id 400 (and no HEAD that would hold a stream open)", async () => {
		const generationId = await startGeneration(owner.token);
		await t.services.jobs.idle();
		const stranger = await t.createUser({ role: "teacher" });
		const other = await fetch(`${base}/api/v1/roblox/conversation/generations/${generationId}/events`, { headers: { authorization: `Bearer ${stranger.token}` } });
		expect(other.status).toBe(404);
		expect(((await other.json()) as { error: unknown }).error).toMatchObject({ code: "NOT_FOUND" });
		expect((await fetch(`${base}/api/v1/roblox/conversation/generations/${generationId}/events`)).status).toBe(401);
		expect((await fetch(`${base}/api/v1/roblox/conversation/generations/${generationId}/events`, { method: "HEAD", headers: { authorization: `Bearer ${owner.token}` } })).status).toBe(404);
		expect((await fetch(`${base}/api/v1/roblox/conversation/generations/gen_nope/events`, { headers: { authorization: `Bearer ${owner.token}` } })).status).toBe(400);
	});

	it("ends the stream with stream-end when the owner's authority changes mid-generation", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		gate.hold();
		const generationId = await startGeneration(teacher.token);
		await progressReaches(generationId, 10, teacher.token);
		const stream = await openStream(generationId, teacher.token);
		await stream.until((events) => events.length > 0);
		expect((await t.request({ method: "PATCH", url: `/v2/users/${teacher.id}`, token: admin.token, payload: { status: "disabled" } })).statusCode).toBe(200);
		const events = await stream.ended;
		expect(events.at(-1)).toMatchObject({ event: "stream-end", data: { reason: "authority_changed" } });
		gate.release();
	});
});

interface SseEvent {
	id?: string;
	event?: string;
	data?: Record<string, unknown>;
}

/** A minimal text/event-stream reader: events, comments, the retry field, and the end. */
async function openStream(generationId: string, token: string, lastEventId?: string) {
	const response = await fetch(`${base}/api/v1/roblox/conversation/generations/${generationId}/events`, {
		headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
	});
	const stream = { response, events: [] as SseEvent[], comments: [] as string[], retry: undefined as string | undefined };
	const ended = (async () => {
		let buffer = "";
		const decoder = new TextDecoder();
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			buffer += decoder.decode(chunk, { stream: true });
			let split: number;
			while ((split = buffer.indexOf("\n\n")) >= 0) {
				const block = buffer.slice(0, split);
				buffer = buffer.slice(split + 2);
				const event: SseEvent = {};
				for (const line of block.split("\n")) {
					const colon = line.indexOf(":");
					const field = line.slice(0, colon);
					const value = line.slice(colon + 1).trimStart();
					if (field === "") stream.comments.push(value);
					else if (field === "retry") stream.retry = value;
					else if (field === "id") event.id = value;
					else if (field === "event") event.event = value;
					else if (field === "data") event.data = JSON.parse(value);
				}
				if (event.event) stream.events.push(event);
			}
		}
		return stream.events;
	})();
	const until = async (predicate: (events: SseEvent[]) => boolean) => {
		for (let i = 0; i < 300 && !predicate(stream.events); i++) await sleep(10);
		expect(predicate(stream.events)).toBe(true);
	};
	return { ...stream, get events() { return stream.events; }, get retry() { return stream.retry; }, ended, until };
}

/** Starts a history lesson; without `answers` the model stand-in has nothing scripted and answers 500. */
async function startGeneration(token: string, answers = true): Promise<string> {
	const say = async (session_id: string, user_input: string) => (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token, payload: { session_id, user_input } })).json();
	const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token, payload: { initial_message: "8th grade history" } })).json().session_id as string;
	for (const input of ["yes", "the causes of the American Revolution", "no theme", "a classroom with quiz boards", "medium, 4 questions"]) await say(sid, input);
	expect((await say(sid, "yes")).current_stage).toBe("generation");
	if (answers) {
		llm.script.write.push({ content: JSON.stringify({ questions: HISTORY }) });
		llm.script.answer.push(answersFor(KEYS));
	}
	const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token, payload: { session_id: sid } });
	expect(gen.statusCode, gen.body).toBe(202);
	return gen.json().generation_id;
}

async function progressReaches(generationId: string, progress: number, token = owner.token) {
	for (let i = 0; i < 300; i++) {
		const status = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${generationId}`, token })).json();
		if (status.progress >= progress) return;
		await sleep(10);
	}
	throw new Error(`generation ${generationId} never reached ${progress}%`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Gate {
	url: string;
	/** Holds every model request from now on until release(). */
	hold(): void;
	release(): void;
	shutdown(): Promise<void>;
}

/** A loopback proxy in front of the model stand-in that holds requests while held. */
async function startGate(target: string): Promise<Gate> {
	let open: Promise<void> = Promise.resolve();
	let release = () => {};
	const server: Server = createServer(async (req, res) => {
		let body = "";
		for await (const chunk of req) body += chunk;
		await open;
		const upstream = await fetch(`${target}${req.url!.replace(/^\/v1/, "")}`, { method: req.method, headers: { "content-type": String(req.headers["content-type"]), authorization: String(req.headers.authorization) }, body });
		res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(await upstream.text());
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
		hold() {
			open = new Promise<void>((resolve) => (release = resolve));
		},
		release: () => release(),
		shutdown: () => new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		}),
	};
}
