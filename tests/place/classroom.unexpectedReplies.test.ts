/**
 * A backend (or a proxy in front of it) that answers 200 with something unexpected: `{}`, `[]`,
 * the right fields with the wrong types, an HTML page. Every reply the place reads is checked
 * with `t` before use and every listener runs isolated, so the server logs the reply and keeps
 * reporting: the next question's open, the session end and the players' progress still arrive.
 * A stand-in on loopback plays the backend (no database needed).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlace, type Place, publish } from "../harness";
import { jsonToLuau } from "../harness/rojo/jsonToLuau";
import type { LessonContent } from "../../server/src/modules/content/types";
import { fractionsLesson, lastOf, lastQuestion, launch, nextQuestion, serviceEval, slotFor, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const HTML = { type: "text/html", body: "<html><body><h1>502 Bad Gateway</h1></body></html>" };
const json = (body: string) => ({ type: "application/json", body });

/** 200 replies to a single quiz answer, one per answer in turn. */
const SINGLE_ANSWER = [
	json("{}"),
	json("[]"),
	json('{"correct":"yes","points":"ten","streak":null,"streakBonus":{},"alreadyAnswered":0}'),
	HTML,
];
/** 200 replies to the array form, one per batch in turn. */
const ARRAY_ANSWER = [json("{}"), json('{"results":5}'), json('{"results":[{"status":200,"result":{"points":"ten"}},"x"]}'), HTML];
/** 200 replies to everything else the place calls (join, open, end, progress, teachers, content poll). */
const OTHER = [json("{}"), json("[]"), json('{"isTeacher":"yes","contentId":7,"etag":[]}'), HTML];

interface Seen {
	method: string;
	url: string;
	body: unknown;
}

let standIn: Server;
let place: Place;
let lesson: LessonContent;
const seen: Seen[] = [];
const turns = { single: 0, array: 0, other: 0 };

function pick(list: Array<{ type: string; body: string }>, turn: keyof typeof turns) {
	return list[turns[turn]++ % list.length];
}

beforeAll(async () => {
	requireBuild();
	lesson = await fractionsLesson(4);
	standIn = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", () => {
			const text = Buffer.concat(chunks).toString();
			const body = text ? (JSON.parse(text) as unknown) : undefined;
			seen.push({ method: req.method!, url: req.url!, body });
			let reply;
			if (req.method === "POST" && req.url === "/v2/roblox/sessions") reply = json('{"sessionId":"sess-1","expiresAt":"2026-01-01T02:00:00.000Z"}');
			else if (req.url === "/v2/roblox/quiz/answer") reply = Array.isArray(body) ? pick(ARRAY_ANSWER, "array") : pick(SINGLE_ANSWER, "single");
			else reply = pick(OTHER, "other");
			res.writeHead(200, { "content-type": reply.type }).end(reply.body);
		});
	});
	await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
	place = await startClassroom({
		lessons: { fractions: lesson },
		config: {
			backendUrl: publish(`http://127.0.0.1:${(standIn.address() as AddressInfo).port}`),
			backendPlaceId: "1001",
			reportInterval: 1,
			contentPollInterval: 5,
		},
	});
});

afterAll(async () => {
	await place?.shutdown();
	await new Promise((resolve) => standIn?.close(resolve));
});

const calls = (suffix: string) => seen.filter((s) => s.method === "POST" && s.url.endsWith(suffix));

describe("unexpected 200 replies from the backend", () => {
	it("are logged and skipped; the server keeps opening questions, ending and reporting progress", async () => {
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		const ben = await place.addPlayer("Ben", { userId: 3 });
		await place.advance(1);
		await launch(place, teacher, "fractions");
		expect(lastOf<{ sessionId: string }>(ana, "session")?.sessionId).toBe("sess-1");

		for (let q = 0; q < 4; q++) {
			await nextQuestion(place, teacher);
			await place.advance(1);
			const opened = lastQuestion(ana)!;
			expect(opened.index).toBe(q);
			// The open reached the backend although every earlier answer got a bad reply.
			expect(calls(`/questions/${opened.questionId}/open`)).toHaveLength(1);
			if (q < 3) {
				// One at a time: each answer goes out alone (the single form).
				await ana.fire("submitAnswer", opened.questionId, slotFor(lesson, opened, true));
				await place.advance(1.5);
				const benView = lastQuestion(ben)!;
				await ben.fire("submitAnswer", benView.questionId, slotFor(lesson, benView, false));
			} else {
				// Together: both answers go out in one array request.
				await ana.fire("submitAnswer", opened.questionId, slotFor(lesson, opened, true));
				const benView = lastQuestion(ben)!;
				await ben.fire("submitAnswer", benView.questionId, slotFor(lesson, benView, false));
			}
			await place.advance(6);
		}
		expect(turns.single).toBeGreaterThanOrEqual(SINGLE_ANSWER.length);
		expect(turns.array).toBeGreaterThanOrEqual(1);

		await teacher.fire("teacherCommand", { kind: "end" });
		await place.advance(5);
		expect(calls("/sess-1/end")).toHaveLength(1);
		const progress = calls("/v2/roblox/progress").flatMap((c) => c.body as Array<{ playerId: string; score: number }>);
		expect(new Set(progress.map((p) => p.playerId))).toEqual(new Set(["2", "3"]));
		// The place's own scores stand: no backend figure of the wrong type reached them.
		const hud = lastOf<{ sessionScore: number }>(ana, "hud")!;
		expect(typeof hud.sessionScore).toBe("number");
		expect(hud.sessionScore).toBeGreaterThan(0);
		expect(progress.every((p) => Number.isFinite(p.score))).toBe(true);
		// Each bad reply was logged, and other calls (teacher checks, content polls) got bad replies too.
		const unexpected = place.output.filter((o) => o.kind === "warn" && o.text.includes("unexpected reply"));
		expect(unexpected.length).toBeGreaterThanOrEqual(SINGLE_ANSWER.length + 1);
		expect(seen.some((s) => s.url.startsWith("/v2/roblox/teachers/"))).toBe(true);
		expect(seen.filter((s) => s.url === "/v2/roblox/places/1001/content").length).toBeGreaterThanOrEqual(3);
		expect(place.errors).toEqual([]);
	});

	it("keeps polling for content and verifying teachers after bad replies", async () => {
		const polls = seen.filter((s) => s.url === "/v2/roblox/places/1001/content").length;
		await place.addPlayer("Cy", { userId: 4 });
		await place.advance(11);
		expect(seen.filter((s) => s.url === "/v2/roblox/places/1001/content").length).toBeGreaterThan(polls);
		expect(seen.filter((s) => s.url === "/v2/roblox/teachers/4").length).toBeGreaterThanOrEqual(1);
	});
});

describe("unexpected 200 replies to licensing", () => {
	it("are not a verification; a later good reply is, and bad heartbeat replies never stop the heartbeat", async () => {
		const verifyReplies = [...OTHER, json('{"success":true,"session_id":"3f1c2a9e-8d7b-4c6a-9e5f-1a2b3c4d5e6f","heartbeat":true,"heartbeat_interval":5,"current_version":1,"outdated":false}')];
		const hits: string[] = [];
		const licensing = createServer((req, res) => {
			req.resume();
			req.on("end", () => {
				hits.push(req.url!);
				const reply = req.url === "/licensing/game/verify" ? verifyReplies[Math.min(hits.filter((h) => h === req.url).length - 1, verifyReplies.length - 1)] : OTHER[hits.length % OTHER.length];
				res.writeHead(200, { "content-type": reply.type }).end(reply.body);
			});
		});
		await new Promise<void>((resolve) => licensing.listen(0, "127.0.0.1", resolve));
		const url = publish(`http://127.0.0.1:${(licensing.address() as AddressInfo).port}`);
		const licensed = await startPlace({
			extraScripts: {
				"ServerStorage.ClassroomConfig": { className: "ModuleScript", source: jsonToLuau({ backendUrl: url, contentPollInterval: 0, verifyTeachersWithBackend: false }) },
				"ServerStorage.LicenseConfig": { className: "ModuleScript", source: jsonToLuau({ scriptId: "9d5e2c71-0000-4000-8000-000000000001" }) },
			},
		});
		const state = () => serviceEval<{ active: boolean; state: string }>(licensed, "server/licensing/LicenseService@LicenseService", "return service:current()");
		await licensed.advance(40);
		expect(await state()).toMatchObject({ active: false, state: "verifying" });
		await licensed.advance(30);
		expect(await state()).toMatchObject({ active: true, state: "active" });
		const beats = () => hits.filter((h) => h === "/licensing/game/heartbeat").length;
		const before = beats();
		await licensed.advance(20);
		expect(beats()).toBeGreaterThanOrEqual(before + 3);
		expect(await state()).toMatchObject({ active: true });
		expect(licensed.output.filter((o) => o.text.includes("unexpected verify reply"))).toHaveLength(OTHER.length);
		await licensed.shutdown();
		await new Promise((resolve) => licensing.close(resolve));
	});
});
