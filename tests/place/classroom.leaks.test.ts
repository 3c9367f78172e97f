/**
 * The answer key never becomes readable by a client, through any channel: not in remote
 * payloads (findAnswerKeyLeaks), and not in anything replicated — names, attributes, value
 * objects and GUI text in Workspace, ReplicatedStorage, Lighting, StarterGui and each player's
 * PlayerGui, on the server and in a real client VM — while a question is open, once it is
 * answered and locked, and after the session ends, for every question of the lesson.
 */
import { describe, expect, it } from "vitest";
import type { Place, SimPlayer } from "../harness";
import { fractionsLesson, lastQuestion, launch, nextQuestion, slotFor, startClassroom } from "./helpers/classroomPlace";
import { findAnswerKeyLeaks, findReplicatedKeyLeaks, scanVisible } from "./helpers/leaks";
import { requireBuild } from "./support";

describe("answer keys in everything replicated", () => {
	it("no key is readable by a client at any point of a session", async () => {
		requireBuild();
		const lesson = await fractionsLesson(3, 9);
		const place: Place = await startClassroom({ lessons: { fractions: lesson } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2, client: true });
		const ben = await place.addPlayer("Ben", { userId: 3 });
		const scans: string[] = [];
		const check = async (moment: string) => {
			const server = await scanVisible(place);
			const client = await scanVisible(ana.client);
			// The scan reaches the places a mutation would write to.
			expect(server.some((v) => v.path.startsWith("Players.Ana.PlayerGui") || v.path.startsWith("Workspace.Classroom"))).toBe(true);
			for (const leak of [...findReplicatedKeyLeaks(server, lesson), ...findReplicatedKeyLeaks(client, lesson)]) scans.push(`${moment}: ${leak}`);
		};
		await launch(place, teacher, "fractions");
		await check("waiting");
		for (let q = 0; q < lesson.quiz.questions.length; q++) {
			await nextQuestion(place, teacher);
			await place.advance(1.5);
			await check(`Q${q + 1} open`);
			const view = lastQuestion(ana)!;
			await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
			const benView = lastQuestion(ben)!;
			await ben.fire("submitAnswer", benView.questionId, slotFor(lesson, benView, false));
			await place.advance(1.5);
			await check(`Q${q + 1} answered and locked`);
		}
		await teacher.fire("teacherCommand", { kind: "end" });
		await place.advance(2);
		await check("ended");
		expect(scans).toEqual([]);
		for (const player of [teacher, ana, ben] as SimPlayer[]) expect(findAnswerKeyLeaks(player.inbox, lesson)).toEqual([]);
		expect(ana.client.errors).toEqual([]);
		await place.shutdown();
	});
});
