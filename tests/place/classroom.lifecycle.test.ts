/**
 * One player lifecycle (src/server/players): Roblox promises no order between the handlers of
 * PlayerRemoving and runs them deferred, so a student's last progress report must be taken
 * before their profile is released, whatever order the engine picks. The harness runs handlers
 * deferred and shuffled, so a service reading data another one released fails here.
 */
import { publish } from "../harness";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LessonContent } from "../../server/src/modules/content/types";
import { fractionsLesson, lastQuestion, slotFor, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

interface ProgressReport {
	playerId: string;
	achievements: string[];
	score: number;
}

let server: http.Server;
let backendUrl: string;
const progress: ProgressReport[] = [];

/** A backend stand-in: creates sessions, takes progress, refuses answers (409, acknowledged). */
beforeAll(async () => {
	server = http.createServer((req, res) => {
		let body = "";
		req.on("data", (chunk) => (body += chunk));
		req.on("end", () => {
			const reply = (status: number, value: unknown) => {
				res.writeHead(status, { "content-type": "application/json" });
				res.end(JSON.stringify(value));
			};
			if (req.url === "/v2/roblox/sessions") return reply(201, { sessionId: "session_life", status: "active", expiresAt: "2026-01-01T01:00:00Z" });
			if (req.url === "/v2/roblox/progress") {
				progress.push(...(JSON.parse(body) as ProgressReport[]));
				return reply(200, { accepted: true });
			}
			if (req.url === "/v2/roblox/quiz/answer") return reply(409, { error: { code: "ALREADY_ANSWERED", message: "stand-in" } });
			return reply(200, { ok: true });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	backendUrl = publish(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

describe("a student who leaves", () => {
	let lesson: LessonContent;

	it("keeps the achievement earned just before leaving in the last progress report", async () => {
		requireBuild();
		lesson = await fractionsLesson(2);
		const place = await startClassroom({ lessons: { fractions: lesson }, config: { backendUrl, reportInterval: 5 } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await place.advance(2);
		await teacher.fire("teacherCommand", { kind: "launch", contentId: "fractions" });
		await place.advance(2);
		// Question 1, wrong: its report goes out at once and opens a 5 s report window.
		await teacher.fire("teacherCommand", { kind: "next" });
		await place.advance(1);
		const first = lastQuestion(ana)!;
		await ana.fire("submitAnswer", first.questionId, slotFor(lesson, first, false));
		await place.advance(1);
		expect(progress.filter((r) => r.playerId === "2").map((r) => r.achievements)).toEqual([[]]);
		// Question 2, right (Ana's first achievement), and she leaves inside the window.
		await teacher.fire("teacherCommand", { kind: "next" });
		await place.advance(0.5);
		const second = lastQuestion(ana)!;
		await ana.fire("submitAnswer", second.questionId, slotFor(lesson, second, true));
		await place.advance(0.2);
		expect(progress.filter((r) => r.playerId === "2")).toHaveLength(1);
		await ana.leave();
		await place.advance(8);
		const last = progress.filter((r) => r.playerId === "2").at(-1);
		expect(last).toMatchObject({ playerId: "2", achievements: ["first_right"] });
		expect(last!.score).toBeGreaterThan(0);
		await place.shutdown();
	});
});
