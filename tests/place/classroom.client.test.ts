/**
 * The classroom's client controllers in a client VM: a question from the server renders on
 * screen (and on its quiz board) in the order the server chose for this player, choosing an
 * option sends submitAnswer with that slot, the result and HUD update, and the teacher's panel
 * drives the session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Place, SimPlayer } from "../harness";
import type { LessonContent } from "../../server/src/modules/content/types";
import { fractionsLesson, lastOf, lastQuestion, slotFor, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const CORE = `local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out`;
const controller = (name: string) => `${CORE}\nlocal c = require(core).Flamework.resolveDependency("client/classroom/${name}@${name}")`;

let place: Place;
let teacher: SimPlayer;
let ana: SimPlayer;
let lesson: LessonContent;

beforeAll(async () => {
	requireBuild();
	lesson = await fractionsLesson(3);
	place = await startClassroom({
		lessons: { fractions: lesson },
	});
	teacher = await place.addPlayer("Teacher", { userId: 1, client: true });
	ana = await place.addPlayer("Ana", { userId: 2, client: true });
	await place.advance(2);
});

afterAll(async () => {
	await place?.shutdown();
});

describe("classroom client controllers", () => {
	it("shows the teacher a panel with the lessons, and its launch command (what the button calls) launches", async () => {
		const panel = await teacher.client.instance("Players.Teacher.PlayerGui.ClassroomTeacher.Panel");
		expect(panel?.children.map((c) => c.name)).toContain("Launch1");
		await teacher.client.eval(`${controller("TeacherController")}\nc:send({ kind = "launch", contentId = "fractions" })`);
		await place.advance(10);
		expect(lastOf<{ status: string }>(ana, "session")?.status).toBe("waiting");
		expect(await ana.client.instance("Players.Ana.PlayerGui.ClassroomTeacher")).toBeUndefined();
	});

	it("renders the server's question in this player's order, on screen and on the board", async () => {
		await teacher.client.eval(`${controller("TeacherController")}\nc:send({ kind = "next" })`);
		await place.advance(1);
		const view = lastQuestion(ana)!;
		const shown = await ana.client.eval<{ text: string; options: string[] }>(`
			local panel = game:GetService("Players").LocalPlayer.PlayerGui.ClassroomQuiz.Panel
			local options = {}
			for i = 1, 6 do
				local b = panel.Options:FindFirstChild("Option" .. i)
				if b then table.insert(options, b.Text) end
			end
			return { text = panel.Question.Text, options = options }
		`);
		expect(shown.text).toBe(view.text);
		expect(shown.options).toEqual(view.options.map((o, i) => `${i + 1}. ${o}`));
		const board = await ana.client.eval<{ adornee: string; text: string }>(`
			local gui = game:GetService("Players").LocalPlayer.PlayerGui.ClassroomBoard
			return { adornee = gui.Adornee:GetAttribute("QuestionIndex"), text = gui.Panel.Question.Text }
		`);
		expect(board).toEqual({ adornee: 0, text: view.text });
	});

	it("sends the chosen slot with submitAnswer and shows the result and the HUD", async () => {
		const view = lastQuestion(ana)!;
		const slot = slotFor(lesson, view, true);
		await place.advance(2);
		await ana.client.eval(`${controller("QuizController")}\nc:choose(${slot})`);
		await place.advance(1.5);
		const sent = lastOf<{ outcome: string; earned: number; questionId: string }>(ana, "answerResult")!;
		expect(sent).toMatchObject({ questionId: view.questionId, outcome: "right" });
		const ui = await ana.client.eval<{ status: string; score: string }>(`
			local gui = game:GetService("Players").LocalPlayer.PlayerGui
			return { status = gui.ClassroomQuiz.Panel.Status.Text, score = gui.ClassroomHud.Panel.Score.Text }
		`);
		expect(ui.status).toBe(`Correct! +${sent.earned}`);
		expect(ui.score).toContain(`Score ${sent.earned}`);
		// A second choice does nothing: the question is locked on the client too.
		await ana.client.eval(`${controller("QuizController")}\nc:choose(0)`);
		await place.advance(1);
		expect(ana.received("answerResult")).toHaveLength(1);
		expect(ana.client.errors).toEqual([]);
		expect(teacher.client.errors).toEqual([]);
	});
});
