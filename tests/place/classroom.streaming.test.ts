/**
 * Quiz boards under StreamingEnabled (the default for new places): a board far from a student
 * is not on their client when the question opens, and must show the question when the student
 * walks up to it and it streams in.
 */
import { describe, expect, it } from "vitest";
import { fractionsLesson, lastQuestion, launch, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const BOARD = `
	local gui = game:GetService("Players").LocalPlayer.PlayerGui:FindFirstChild("ClassroomBoard")
	if not gui then return { shown = false } end
	return { shown = true, board = gui.Adornee and gui.Adornee:GetAttribute("QuestionIndex"), text = gui.Panel.Question.Text }
`;

describe("quiz boards under streaming", () => {
	it("draws the open question on a board that streams in after the question opened, and lets it go when it streams out", async () => {
		requireBuild();
		const lesson = await fractionsLesson(2);
		const place = await startClassroom({ lessons: { fractions: lesson }, streaming: { radius: 60 } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2, client: true });
		await ana.moveTo(0, 4, 400);
		await launch(place, teacher, "fractions");
		await teacher.fire("teacherCommand", { kind: "next" });
		await place.advance(1);
		const view = lastQuestion(ana)!;
		const board = (await place.eval<{ instance: string } | undefined>(`
			for _, b in game:GetService("CollectionService"):GetTagged("QuizBoard") do
				if b:GetAttribute("QuestionIndex") == ${view.index} then return b end
			end
		`))!;
		expect(await ana.client.instance(board.instance)).toBeUndefined();
		expect(await ana.client.eval(BOARD)).toEqual({ shown: false });

		const at = await place.eval<number[]>(`local p = game.${board.instance}.Position return { p.X, p.Y, p.Z }`);
		await ana.moveTo(at[0], at[1], at[2] + 10);
		await place.advance(0.5);
		expect(await ana.client.eval(BOARD)).toEqual({ shown: true, board: view.index, text: view.text });

		await ana.moveTo(0, 4, 400);
		await place.advance(0.5);
		expect(await ana.client.eval(BOARD)).toEqual({ shown: false });
		expect(ana.client.errors).toEqual([]);
		await place.shutdown();
	});
});
