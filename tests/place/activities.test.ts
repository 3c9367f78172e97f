/**
 * Every activity element of the worlds catalogue, played in the compiled place from the Rojo
 * project the backend writes: two students use each station (ProximityPrompt -> useStation),
 * answer right and wrong through the classroom's own answer path, and are scored by the same
 * session; the answer key never reaches a client. The lesson has no quiz boards, so the session
 * ends by itself when both students have finished every station.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Place, SimPlayer } from "../harness";
import { generateLesson } from "../../server/src/modules/content/generateLesson";
import type { LessonContent } from "../../server/src/modules/content/types";
import { lastOf, lastQuestion, launch, nextQuestion, serviceEval, startClassroom } from "./helpers/classroomPlace";
import { answer, answerSlots, expectNoKeyLeak, lastUpdate, lessonProject, questionOf, stations, until, use } from "./helpers/worldPlace";
import { requireBuild } from "./support";

let place: Place;
let teacher: SimPlayer;
let ana: SimPlayer;
let ben: SimPlayer;
let lesson: LessonContent;
const earned = new Map<string, number>();
const score = (player: SimPlayer, points: number) => earned.set(player.name, (earned.get(player.name) ?? 0) + points);

beforeAll(async () => {
	requireBuild();
	lesson = await generateLesson(
		{
			subject: "Mathematics",
			gradeLevel: 5,
			learningObjectives: ["Add fractions with unlike denominators"],
			maxQuestions: 12,
			theme: "forest",
			elements: ["treasure hunt", "obstacle course", "timeline", "number line", "fraction bars", "flashcards"],
		},
		{ seed: 21 },
	);
	place = await startClassroom({ project: await lessonProject(lesson, "worlds"), config: { questionTime: 30 } });
	teacher = await place.addPlayer("Teacher", { userId: 1 });
	ana = await place.addPlayer("Ana", { userId: 2 });
	ben = await place.addPlayer("Ben", { userId: 3 });
	await place.advance(1);
});

afterAll(async () => {
	await place?.shutdown();
});

describe("activity stations in the place", () => {
	it("builds every station from the Rojo project, tagged, with only layout attributes, in the theme's light", async () => {
		const counts = Object.fromEntries(
			await Promise.all(["TreasureChest", "ObstacleGate", "OrderingBoard", "NumberLine", "FractionBar", "FlashcardDeck", "CourseFinish", "QuizBoard"].map(async (t) => [t, (await stations(place, t)).length])),
		);
		expect(counts).toEqual({ TreasureChest: 2, ObstacleGate: 2, OrderingBoard: 2, NumberLine: 2, FractionBar: 2, FlashcardDeck: 1, CourseFinish: 1, QuizBoard: 0 });
		const [line] = await stations(place, "NumberLine");
		const q = lesson.quiz.questions[line.attributes.QuestionIndex as number];
		expect(Object.keys(line.attributes).sort()).toEqual(["From", "Marks", "QuestionId", "QuestionIndex", "To"]);
		expect(line.attributes.Marks).toBe(q.options.length);
		expect((await place.instance(`Workspace.Classroom.${line.name}`))!.children.map((c) => c.name)).toEqual(q.options.map((_, i) => `Mark${i + 1}`));
		expect(await place.eval("return { game.Lighting.ClockTime, tostring(game.Workspace.Classroom.Floor1.Material) }")).toEqual([14, expect.stringMatching(/Grass$/)]);
		// Before a lesson runs, and for someone not in it, stations refuse.
		expect(await use(place, ana, "Workspace.Classroom.TreasureChest1")).toBeUndefined();
		expect(lastUpdate(ana)).toMatchObject({ status: "refused", message: "No lesson is running." });
		await launch(place, teacher, "worlds");
		// Every question is at a station: the teacher's "next" opens nothing and does not end the lesson.
		await nextQuestion(place, teacher);
		await place.advance(1.5);
		expect(lastOf<{ status: string; questionIndex: number }>(ana, "session")).toMatchObject({ status: "waiting", questionIndex: -1 });
		expect(ana.received("question")).toEqual([]);
		expect(await use(place, teacher, "Workspace.Classroom.TreasureChest1")).toBeUndefined();
		expect(lastUpdate(teacher)).toMatchObject({ status: "refused", message: "Join the lesson first." });
	});

	it("treasure chests: a right answer finds the treasure and scores, a wrong one leaves it locked; one try each", async () => {
		for (const [i, chest] of (await stations(place, "TreasureChest")).entries()) {
			const path = `Workspace.Classroom.${chest.name}`;
			const aView = (await use(place, ana, path))!;
			expect(aView.questionId).toBe(chest.attributes.QuestionId);
			expect(lastUpdate(ana)).toMatchObject({ station: path, kind: "treasure_chest", status: "asking" });
			const a = await answer(place, ana, lesson, aView, true);
			expect(a).toMatchObject({ outcome: "right" });
			expect(a.earned).toBeGreaterThan(0);
			score(ana, a.earned);
			expect(lastUpdate(ana)).toMatchObject({ status: "found" });
			const b = await answer(place, ben, lesson, (await use(place, ben, path))!, i === 1);
			score(ben, b.earned);
			expect(lastUpdate(ben)?.status).toBe(i === 1 ? "found" : "missed");
			expect((await place.instance(path))!.attributes.Found).toBe(i === 1 ? 2 : 1);
			expect(await use(place, ana, path)).toBeUndefined();
			expect(lastUpdate(ana)).toMatchObject({ status: "refused", message: "You already did this one." });
		}
	});

	it("obstacle gates open in order, for one player at a time; a wrong answer waits, then a retry opens it for no points", async () => {
		const [gate1, gate2] = (await stations(place, "ObstacleGate")).map((g) => `Workspace.Classroom.${g.name}`);
		expect(await use(place, ana, gate2)).toBeUndefined();
		expect(lastUpdate(ana)).toMatchObject({ status: "refused", message: "Open gate 1 first." });
		const a1 = await answer(place, ana, lesson, (await use(place, ana, gate1))!, true);
		score(ana, a1.earned);
		expect(lastUpdate(ana)).toMatchObject({ status: "open", progress: 1, total: 2 });
		// Ana's open gate is not Ben's.
		const b1 = await answer(place, ben, lesson, (await use(place, ben, gate1))!, false);
		expect(b1).toEqual(expect.objectContaining({ outcome: "wrong", earned: 0 }));
		expect(lastUpdate(ben)).toMatchObject({ status: "shut", progress: 0 });
		expect(await use(place, ben, gate1)).toBeUndefined();
		expect(lastUpdate(ben)?.message).toMatch(/^Try again in \d s\.$/);
		await place.advance(5.5);
		const retry = await answer(place, ben, lesson, (await use(place, ben, gate1))!, true);
		expect(retry).toMatchObject({ outcome: "right", earned: 0 });
		for (const player of [ana, ben]) {
			const r = await answer(place, player, lesson, (await use(place, player, gate2))!, true);
			score(player, r.earned);
			expect(lastUpdate(player)).toMatchObject({ status: "open", progress: 2, total: 2, message: "Course complete!" });
		}
		expect(await use(place, ana, gate1)).toBeUndefined();
		expect(lastUpdate(ana)?.message).toBe("This gate is already open for you.");
	});

	it("ordering boards take one pick at a time and score the whole order once; items never arrive in order", async () => {
		for (const [i, board] of (await stations(place, "OrderingBoard")).entries()) {
			const path = `Workspace.Classroom.${board.name}`;
			for (const [player, right] of [
				[ana, true],
				[ben, i === 0 ? false : true],
			] as const) {
				const view = (await use(place, player, path))!;
				const q = questionOf(lesson, view);
				expect(view).toMatchObject({ kind: "ordering", station: path });
				expect(view.options).not.toEqual(q.order!.map((k) => q.options[k]));
				const r = await answer(place, player, lesson, view, right);
				score(player, r.earned);
				expect(r.outcome).toBe(right ? "right" : "wrong");
				expect(player.received("activity").map(([u]) => (u as { status: string }).status).slice(-(q.options.length))).toEqual([...Array(q.options.length - 1).fill("placed"), "done"]);
			}
		}
	});

	it("number lines and fraction bars keep their marks and parts in order; the player picks one", async () => {
		for (const tag of ["NumberLine", "FractionBar"]) {
			for (const station of await stations(place, tag)) {
				const path = `Workspace.Classroom.${station.name}`;
				const aView = (await use(place, ana, path))!;
				const q = questionOf(lesson, aView);
				expect(aView.options).toEqual(q.options);
				expect(aView.kind).toBe(tag === "NumberLine" ? "number_line" : "fraction_bar");
				score(ana, (await answer(place, ana, lesson, aView, true)).earned);
				expect(lastUpdate(ana)).toMatchObject({ status: "done", progress: 1 });
				const b = await answer(place, ben, lesson, (await use(place, ben, path))!, false);
				expect(b).toMatchObject({ outcome: "wrong", earned: 0 });
				expect(lastUpdate(ben)).toMatchObject({ status: "done", progress: 0, message: "Not quite." });
			}
		}
	});

	it("flashcards: a missed card comes back until every card is right; only first answers score; then the lesson ends by itself", async () => {
		const deck = `Workspace.Classroom.${(await stations(place, "FlashcardDeck"))[0].name}`;
		const first = (await use(place, ana, deck))!;
		expect((await answer(place, ana, lesson, first, false)).earned).toBe(0);
		expect(lastUpdate(ana)).toMatchObject({ status: "done", progress: 0, total: 2 });
		const second = (await use(place, ana, deck))!;
		expect(second.questionId).not.toBe(first.questionId);
		score(ana, (await answer(place, ana, lesson, second, true)).earned);
		const again = (await use(place, ana, deck))!;
		expect(again.questionId).toBe(first.questionId);
		expect(await answer(place, ana, lesson, again, true)).toMatchObject({ outcome: "right", earned: 0 });
		expect(lastUpdate(ana)).toMatchObject({ status: "finished", progress: 2, total: 2 });
		expect(await use(place, ana, deck)).toBeUndefined();

		expect(lastOf<{ status: string }>(ben, "session")?.status).not.toBe("ended");
		for (let card = 0; card < 2; card++) score(ben, (await answer(place, ben, lesson, (await use(place, ben, deck))!, true)).earned);
		await place.advance(1.5);
		expect(lastOf<{ status: string }>(ana, "session")?.status).toBe("ended");

		// Both scored through the session's own tallies: every first answer, nothing for practice.
		const tallies = await serviceEval<{ name: string; score: number; answered: number }[]>(
			place,
			"server/classroom/ScoringService@ScoringService",
			`local session = require(core).Flamework.resolveDependency("server/classroom/SessionService@SessionService"):current()
			local out = {}
			for _, entry in service:ranking(session.id) do table.insert(out, { name = entry[2].name, score = entry[2].score, answered = entry[2].answered }) end
			return out`,
		);
		expect(Object.fromEntries(tallies.map((t) => [t.name, t]))).toEqual({
			Ana: { name: "Ana", score: earned.get("Ana"), answered: 12 },
			Ben: { name: "Ben", score: earned.get("Ben"), answered: 12 },
		});
		await expectNoKeyLeak(place, lesson, [ana, ben]);
	});
});

describe("stations built at launch (a lesson the backend sent, no Rojo model)", () => {
	it("lays out tagged stations from the lesson's objects and plays them", async () => {
		const hunt = await generateLesson(
			{ subject: "Science", gradeLevel: 4, learningObjectives: [], maxQuestions: 4, theme: "city", elements: ["treasure hunt", "timeline"] },
			{ seed: 3 },
		);
		const live = await startClassroom({ lessons: { hunt } });
		const [t, a] = [await live.addPlayer("Teacher", { userId: 1 }), await live.addPlayer("Ana", { userId: 2, client: true })];
		await launch(live, t, "hunt");
		const built = await live.instance("Workspace.Classroom", 1);
		expect(built!.children.filter((c) => c.tags.length > 0).map((c) => `${c.name}:${c.tags.join()}`)).toEqual([
			"TreasureChest1:TreasureChest",
			"TreasureChest2:TreasureChest",
			"OrderingBoard1:OrderingBoard",
			"OrderingBoard2:OrderingBoard",
		]);
		const view = (await use(live, a, "Workspace.Classroom.TreasureChest1"))!;
		expect(view.questionId).toBe(built!.children.find((c) => c.name === "TreasureChest1")!.attributes.QuestionId);
		expect((await answer(live, a, hunt, view, true)).outcome).toBe("right");

		// An ordering on Ana's client: the station's prompt, then her quiz panel takes one pick per item.
		const core = `local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out`;
		const resolve = (path: string) => `${core}\nlocal c = require(core).Flamework.resolveDependency("client/${path}")`;
		expect(await a.client.eval<string>("return workspace.Classroom.OrderingBoard2.ActivityPrompt.ActionText")).toBe("Put in order");
		const before = a.received("question").length;
		await a.client.eval(`${resolve("activities/ActivityController@ActivityController")}\nc:use(workspace.Classroom.OrderingBoard2)`);
		await until(live, () => a.received("question").length > before);
		const ordering = lastQuestion(a)!;
		const slots = answerSlots(hunt, ordering, true);
		for (const slot of slots) await a.client.eval(`${resolve("classroom/QuizController@QuizController")}\nc:choose(${slot})`);
		await until(live, () => lastOf<{ questionId: string }>(a, "answerResult")?.questionId === ordering.questionId);
		expect(lastOf<{ outcome: string }>(a, "answerResult")?.outcome).toBe("right");
		// Every pick reached the server as its own submitAnswer: one "placed" per pick but the last.
		expect(a.received("activity").slice(-slots.length).map(([u]) => (u as { status: string }).status)).toEqual([...Array(slots.length - 1).fill("placed"), "done"]);
		expect(await a.client.eval<string>("return game.Players.LocalPlayer.PlayerGui.ClassroomActivity.Panel.Message.Text")).toBe("All in the right order!");
		expect(a.client.errors).toEqual([]);
		await expectNoKeyLeak(live, hunt, [a]);
		await live.shutdown();
	});
});
