/**
 * Session rules in the compiled place (backend unreachable, so sessions run offline on the
 * server): late joiners, time-outs, leaving, max players, join codes, hints, quiz boards, and
 * remotes that drop bad or flooding calls without a server error.
 */
import { describe, expect, it } from "vitest";
import { fractionsLesson, lastOf, lastQuestion, launch, nextQuestion, serviceEval, slotFor, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

async function classroom(config: Record<string, unknown> = {}, students = 2) {
	requireBuild();
	const lesson = await fractionsLesson(3);
	const place = await startClassroom({ lessons: { fractions: lesson }, config });
	const teacher = await place.addPlayer("Teacher", { userId: 1 });
	const players = [];
	for (let i = 0; i < students; i++) players.push(await place.addPlayer(`Student${i + 2}`, { userId: i + 2 }));
	await place.advance(1);
	return { place, teacher, players, lesson };
}

describe("classroom sessions", () => {
	it("only a teacher launches; the classroom and its quiz boards are built from the lesson", async () => {
		const { place, teacher, players } = await classroom();
		await players[0].fire("teacherCommand", { kind: "launch", contentId: "fractions" });
		await place.advance(10);
		expect(lastOf<{ status: string }>(players[0], "session")?.status).toBe("idle");
		await launch(place, teacher, "fractions");
		expect(lastOf<{ status: string; joined: boolean }>(players[0], "session")).toMatchObject({ status: "waiting", joined: true });
		const classroomModel = await place.instance("Workspace.Classroom");
		const boards = classroomModel!.children.filter((c) => c.tags.includes("QuizBoard"));
		expect(boards.map((b) => b.attributes.QuestionIndex)).toEqual([0, 1, 2]);
		await nextQuestion(place, teacher);
		await place.advance(1.5);
		const board = (await place.instance("Workspace.Classroom"))!.children.find((c) => c.tags.includes("QuizBoard") && c.attributes.QuestionIndex === 0)!;
		expect(board.attributes).toMatchObject({ Status: "open", QuestionId: lastQuestion(players[0])!.questionId });
		await place.shutdown();
	});

	it("locks a question at its time limit; late answers earn nothing and break the streak", async () => {
		const { place, teacher, players, lesson } = await classroom({ questionTime: 10 });
		await launch(place, teacher, "fractions");
		await nextQuestion(place, teacher);
		const [ana, ben] = players;
		const view = lastQuestion(ana)!;
		expect(view.closesAt - view.openedAt).toBe(10);
		await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
		await place.advance(10.5);
		expect(ben.received("questionClosed").flat()).toEqual([view.questionId]);
		const benView = lastQuestion(ben)!;
		await ben.fire("submitAnswer", benView.questionId, slotFor(lesson, benView, true));
		expect(lastOf<{ outcome: string; earned: number }>(ben, "answerResult")).toMatchObject({ outcome: "closed", earned: 0 });
		// Answering twice is refused too.
		await ana.fire("submitAnswer", view.questionId, 0);
		expect(lastOf<{ outcome: string }>(ana, "answerResult")?.outcome).toBe("already");
		await place.shutdown();
	});

	it("shows a late joiner the current question; records leavers and keeps their score", async () => {
		const { place, teacher, players, lesson } = await classroom();
		await launch(place, teacher, "fractions");
		await nextQuestion(place, teacher);
		const [ana] = players;
		const view = lastQuestion(ana)!;
		await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
		await place.advance(5);
		const late = await place.addPlayer("Late", { userId: 9 });
		await place.advance(1);
		expect(lastQuestion(late)).toMatchObject({ questionId: view.questionId, closesAt: view.closesAt });
		expect(lastOf<{ students: number }>(teacher, "teacher")?.students).toBe(3);
		await ana.leave();
		await place.advance(1.5);
		expect(lastOf<{ students: number }>(teacher, "teacher")?.students).toBe(2);
		expect(lastOf<{ leaderboard: Array<{ name: string; score: number }> }>(late, "session")?.leaderboard[0]).toMatchObject({ name: "Student2", score: 1000 });
		await place.shutdown();
	});

	it("honours max players, join codes and the hints setting", async () => {
		const { place, teacher, players } = await classroom({ maxPlayers: 2, joinMode: "code", allowHints: false }, 3);
		await launch(place, teacher, "fractions");
		const code = lastOf<{ joinCode: string }>(teacher, "teacher")!.joinCode;
		expect(code).toMatch(/^[A-Z2-9]{6}$/);
		expect(lastOf<{ joined: boolean; needsCode: boolean }>(players[0], "session")).toMatchObject({ joined: false, needsCode: true });
		await players[0].fire("joinWithCode", "WRONG1");
		expect(lastOf<{ joined: boolean }>(players[0], "session")?.joined).toBe(false);
		for (const p of players) await p.fire("joinWithCode", code.toLowerCase());
		expect(players.map((p) => lastOf<{ joined: boolean }>(p, "session")?.joined)).toEqual([true, true, false]);
		await nextQuestion(place, teacher);
		// (An empty Luau table crosses the wire as {}.)
		expect(Object.keys(lastQuestion(players[0])!.hints)).toEqual([]);
		expect(lastQuestion(players[2])).toBeUndefined();
		await place.shutdown();
	});

	it("drops bad payloads and floods, counts them, and never errors", async () => {
		const { place, teacher, players } = await classroom();
		await launch(place, teacher, "fractions");
		await nextQuestion(place, teacher);
		const [ana] = players;
		await ana.fire("submitAnswer", 42, "x");
		await ana.fire("submitAnswer", "q".repeat(500), 0);
		await ana.fire("submitAnswer", lastQuestion(ana)!.questionId, 7);
		await ana.fire("teacherCommand", { kind: "explode" });
		await ana.fire("teacherCommand", { kind: "next" });
		for (let i = 0; i < 10; i++) await ana.fire("requestState");
		await place.advance(1);
		const dropped = await serviceEval<{ badPayload: number; rateLimited: number; invalid: number }>(
			place,
			"server/classroom/RemoteGuard@RemoteGuard",
			"return service.dropped",
		);
		expect(dropped.badPayload).toBeGreaterThanOrEqual(2);
		expect(dropped.invalid).toBeGreaterThanOrEqual(2);
		expect(dropped.rateLimited).toBeGreaterThanOrEqual(7);
		// A student's "next" did nothing.
		expect(lastOf<{ questionIndex: number }>(ana, "session")?.questionIndex).toBe(0);
		expect(place.errors).toEqual([]);
		await place.shutdown();
	});

	it("ends the session at its time limit", async () => {
		const { place, teacher, players } = await classroom({ sessionTimeLimit: 60 });
		await launch(place, teacher, "fractions");
		await nextQuestion(place, teacher);
		await place.advance(1.5);
		expect(lastOf<{ status: string }>(players[0], "session")?.status).toBe("question");
		// Launched at about 8 s (after the unreachable backend's retries): ends at about 68 s.
		await place.advance(45);
		expect(lastOf<{ status: string }>(players[0], "session")?.status).toBe("review");
		await place.advance(15);
		expect(lastOf<{ status: string }>(players[0], "session")?.status).toBe("ended");
		await place.shutdown();
	});
});
