/**
 * Text written by a person or a model (lesson titles, questions, options, hints, scene texts)
 * passes TextService on the server before any player sees it. The harness's TextService masks
 * the word "badword" with hashes, like Roblox's filter; when filtering fails the text is not
 * shown at all (a placeholder is). Checked in every remote payload and in everything replicated.
 */
import { describe, expect, it } from "vitest";
import type { Place, SimPlayer } from "../harness";
import type { LessonContent } from "../../server/src/modules/content/types";
import { fractionsLesson, lastOf, lastQuestion, launch, nextQuestion, slotFor, startClassroom, type QuestionPayload } from "./helpers/classroomPlace";
import { scanVisible } from "./helpers/leaks";
import { requireBuild } from "./support";

const PLACEHOLDER = "[text unavailable]";
const MASK = "#######";

async function lessonWithBadWords(): Promise<LessonContent> {
	const lesson = structuredClone(await fractionsLesson(3, 7));
	const [q1, q2, q3] = lesson.quiz.questions;
	q1.text = `BadWord: ${q1.text}`;
	const wrong = q2.options.findIndex((_, i) => i !== q2.correct);
	q2.options[wrong] = `${q2.options[wrong]} badword`;
	q3.hints = [...(q3.hints ?? []), "Ask a BADWORD friend"];
	lesson.objects = [...(lesson.objects ?? []).filter((o) => o.type !== "blackboard"), { type: "blackboard", position: [0, 6, -30], properties: { text: "Fractions for badword people" } }];
	return lesson;
}

async function play(place: Place, teacher: SimPlayer, students: SimPlayer[], lesson: LessonContent): Promise<QuestionPayload[]> {
	await launch(place, teacher, "lesson");
	const seen: QuestionPayload[] = [];
	for (let q = 0; q < lesson.quiz.questions.length; q++) {
		await nextQuestion(place, teacher);
		await place.advance(1.5);
		for (const student of students) {
			const view = lastQuestion(student)!;
			if (student === students[0]) seen.push(view);
			await student.fire("submitAnswer", view.questionId, view.options.includes(PLACEHOLDER) ? 0 : slotFor(lesson, view, true));
		}
		await place.advance(1.5);
	}
	return seen;
}

function everything(players: SimPlayer[]): string {
	return JSON.stringify(players.map((p) => p.inbox));
}

describe("text filtering", () => {
	it("masks a filtered word in every text a player reads; the word never reaches a client", async () => {
		requireBuild();
		const lesson = await lessonWithBadWords();
		const place = await startClassroom({ lessons: { lesson }, config: { allowHints: true } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		const ben = await place.addPlayer("Ben", { userId: 3 });
		const seen = await play(place, teacher, [ana, ben], lesson);

		expect(seen[0].text).toBe(`${MASK}: ${lesson.quiz.questions[0].text.slice("BadWord: ".length)}`);
		expect(seen[1].options.filter((o) => o.endsWith(` ${MASK}`))).toHaveLength(1);
		expect(seen[2].hints).toContain(`Ask a ${MASK} friend`);
		expect(lastOf<{ lessonTitle: string }>(ana, "session")?.lessonTitle).toBe(`Fractions for ${MASK} people`);
		// Nothing unfiltered anywhere: payloads to every player, and every replicated name, attribute, value and text.
		expect(everything([teacher, ana, ben]).toLowerCase()).not.toContain("badword");
		const visible = await scanVisible(place);
		expect(visible.filter((v) => String(v.value).toLowerCase().includes("badword"))).toEqual([]);
		expect(visible).toContainEqual(expect.objectContaining({ field: "@Text", value: `Fractions for ${MASK} people` }));
		await place.shutdown();
	});

	it("shows a placeholder, never the text, when filtering fails; the lesson still runs", async () => {
		requireBuild();
		const lesson = await fractionsLesson(2, 8);
		const place = await startClassroom({ lessons: { lesson } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await place.failTextFilter(10_000);
		const seen = await play(place, teacher, [ana], lesson);
		expect(seen.map((v) => v.text)).toEqual([PLACEHOLDER, PLACEHOLDER]);
		for (const view of seen) expect(new Set(view.options)).toEqual(new Set([PLACEHOLDER]));
		const sent = everything([teacher, ana]);
		for (const q of lesson.quiz.questions) {
			expect(sent).not.toContain(q.text);
			for (const option of q.options) if (option.length > 3) expect(sent).not.toContain(JSON.stringify(option));
		}
		// Answers still count: the session scored both.
		expect(ana.received("answerResult")).toHaveLength(2);
		expect(place.output).toContainEqual(expect.objectContaining({ kind: "warn", text: expect.stringContaining("[TextFilter] filtering failed") }));
		await place.shutdown();
	});

	it("retries a failed filter call once", async () => {
		requireBuild();
		const lesson = await fractionsLesson(1, 9);
		const place = await startClassroom({ lessons: { lesson } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await place.failTextFilter(1);
		const [view] = await play(place, teacher, [ana], lesson);
		expect(view.text).toBe(lesson.quiz.questions[0].text);
		await place.shutdown();
	});
});
