/**
 * Workspace.Classroom fits the lesson being launched: a second lesson with more questions than
 * the first gets a classroom with a board for each of them, and a classroom made in Studio is
 * kept but completed with boards for questions it does not show.
 */
import { describe, expect, it } from "vitest";
import type { Place } from "../harness";
import { fractionsLesson, lastQuestion, launch, nextQuestion, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

async function boardIndexes(place: Place): Promise<number[]> {
	const model = await place.instance("Workspace.Classroom");
	return model!.children
		.filter((c) => c.tags.includes("QuizBoard"))
		.map((c) => c.attributes.QuestionIndex as number)
		.sort((a, b) => a - b);
}

describe("the classroom is rebuilt for each lesson", () => {
	it("a second, longer lesson gets a board for every question", async () => {
		requireBuild();
		const short = await fractionsLesson(2, 3);
		const long = await fractionsLesson(5, 4);
		const place = await startClassroom({ lessons: { short, long } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await launch(place, teacher, "short");
		expect(await boardIndexes(place)).toEqual([0, 1]);
		await teacher.fire("teacherCommand", { kind: "end" });
		await place.advance(2);
		await launch(place, teacher, "long");
		expect(await boardIndexes(place)).toEqual([0, 1, 2, 3, 4]);
		// The last question is played on its own board.
		for (let i = 0; i < 5; i++) await nextQuestion(place, teacher);
		await place.advance(1.5);
		const board = (await place.instance("Workspace.Classroom"))!.children.find((c) => c.attributes.QuestionIndex === 4)!;
		expect(board.attributes).toMatchObject({ Status: "open", QuestionId: lastQuestion(ana)!.questionId });
		await place.shutdown();
	});

	it("keeps a classroom made in Studio and adds the boards it lacks", async () => {
		requireBuild();
		const lesson = await fractionsLesson(3, 5);
		const studioClassroom = [
			'local model = Instance.new("Model")',
			'model.Name = "Classroom"',
			'local board = Instance.new("Part")',
			'board.Name = "FrontBoard"',
			'board:SetAttribute("QuestionIndex", 0)',
			'board:AddTag("QuizBoard")',
			"board.Parent = model",
			"model.Parent = workspace",
		].join("\n");
		const place = await startClassroom({ lessons: { lesson } });
		await place.eval(studioClassroom);
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		await launch(place, teacher, "lesson");
		const model = await place.instance("Workspace.Classroom");
		expect(model!.children.some((c) => c.name === "FrontBoard")).toBe(true);
		expect(await boardIndexes(place)).toEqual([0, 1, 2]);
		await place.shutdown();
	});
});
