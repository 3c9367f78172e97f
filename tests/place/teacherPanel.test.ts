/**
 * The teacher panel (Vide) is updated in place: the server pushes the teacher's view up to once
 * a second, and the same button Instances stay on screen through every update (a button never
 * vanishes under the cursor, gamepad selection stays on it); only a change of mode swaps them.
 */
import { describe, expect, it } from "vitest";
import { fractionsLesson, lastQuestion, launch, nextQuestion, slotFor, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const PANEL = `local panel = game.Players.LocalPlayer.PlayerGui.ClassroomTeacher.Panel`;

describe("teacher panel", () => {
	it("keeps the same button instances through updates, changing only their text", async () => {
		requireBuild();
		const lesson = await fractionsLesson(2, 12);
		// No backend (the placeholder URL): the session starts offline at once.
		const place = await startClassroom({ lessons: { fractions: lesson }, config: { backendUrl: "https://your-backend.example" } });
		const teacher = await place.addPlayer("Teacher", { userId: 1, client: true });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await place.advance(2);
		const read = () =>
			teacher.client.eval<{ buttons: Record<string, { text: string; probe?: string }>; summary: string; enabled: boolean }>(`
				${PANEL}
				local buttons = {}
				for _, child in panel:GetChildren() do
					if child:IsA("TextButton") then buttons[child.Name] = { text = child.Text, probe = child:GetAttribute("Probe") } end
				end
				return { buttons = buttons, summary = panel.Summary.Text, enabled = panel.Parent.Enabled }
			`);
		const mark = (name: string) => teacher.client.eval(`${PANEL}\npanel.${name}:SetAttribute("Probe", "${name}")\npanel.Summary:SetAttribute("Probe", "summary")`);

		expect(await read()).toEqual({ buttons: { Launch1: { text: "fractions" } }, summary: "Choose a lesson to start", enabled: true });
		await mark("Launch1");
		await teacher.fire("requestState");
		await place.advance(1.5);
		expect((await read()).buttons.Launch1).toEqual({ text: "fractions", probe: "Launch1" });

		await launch(place, teacher, "fractions", 1);
		await mark("Next");
		await mark("End");
		await nextQuestion(place, teacher);
		await place.advance(1.5);
		const view = lastQuestion(ana)!;
		await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
		await place.advance(1.5);
		const during = await read();
		expect(during.summary).toMatch(/Q1\/2\n1 students · 1 answered · 1 right · 0 wrong$/);
		expect(during.buttons).toEqual({ Next: { text: "Next question", probe: "Next" }, End: { text: "End session", probe: "End" } });
		expect(await teacher.client.eval(`${PANEL}\nreturn panel.Summary:GetAttribute("Probe")`)).toBe("summary");

		await nextQuestion(place, teacher);
		await place.advance(1.5);
		expect((await read()).buttons.Next).toEqual({ text: "Finish", probe: "Next" });
		expect(teacher.client.errors).toEqual([]);
		await place.shutdown();
	});
});
