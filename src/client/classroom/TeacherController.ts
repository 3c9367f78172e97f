import { Controller, OnStart } from "@flamework/core";
import Vide, { create, derive, indexes, mount, show, source } from "@rbxts/vide";
import { ClientEvents } from "client/network";
import { playerGui } from "client/ui/widgets";
import { TeacherCommand, TeacherView } from "shared/classroom/payloads";

const MAX_LESSONS = 5;

/**
 * The teacher's panel, shown only when the server says this player is a teacher: launch a
 * lesson, open the next question, end the session, and live counts for the current question.
 * Keyboard and gamepad shortcuts come through ClassroomInputController.
 *
 * Declarative (Vide): the server's view is one source, and the panel's instances are created
 * once and updated in place when it changes (up to once a second), so a button never vanishes
 * under the cursor and gamepad selection stays on it. Only a change of mode (lessons list vs.
 * running session) swaps the buttons.
 */
@Controller()
export class TeacherController implements OnStart {
	private readonly view = source<TeacherView | undefined>(undefined);

	private mounted = false;

	public onStart(): void {
		ClientEvents.classroom.teacher.connect((view) => {
			this.view(view);
			// Students never get the panel's instances; a teacher's is built once, on the first view.
			if (view.isTeacher && !this.mounted) {
				this.mounted = true;
				mount(() => this.panel(), playerGui());
			}
		});
	}

	public state(): TeacherView | undefined {
		return Vide.untrack(this.view);
	}

	public send(command: TeacherCommand): void {
		if (this.state()?.isTeacher) ClientEvents.classroom.teacherCommand.fire(command);
	}

	private panel(): ScreenGui {
		const view = this.view;
		const running = derive(() => {
			const status = view()?.status;
			return status !== undefined && status !== "idle" && status !== "ended";
		});
		const lessons = derive(() => (view()?.lessons ?? []).filter((_, i) => i < MAX_LESSONS));
		return create("ScreenGui")({
			Name: "ClassroomTeacher",
			ResetOnSpawn: false,
			IgnoreGuiInset: false,
			DisplayOrder: 4,
			Enabled: () => view()?.isTeacher === true,
			[1]: create("Frame")({
				Name: "Panel",
				Position: new UDim2(0.01, 0, 0.02, 0),
				Size: new UDim2(0.3, 0, 0.5, 0),
				BackgroundColor3: Color3.fromRGB(24, 28, 40),
				BackgroundTransparency: 0.15,
				BorderSizePixel: 0,
				[1]: label("Summary", () => summaryOf(view(), running()), new UDim2(0.03, 0, 0.02, 0), new UDim2(0.94, 0, 0.3, 0)),
				[2]: show(running, () =>
					button("Next", () => (isLast(view()) ? "Finish" : "Next question"), new UDim2(0.03, 0, 0.36, 0), new UDim2(0.45, 0, 0.16, 0), () =>
						this.send({ kind: "next" }),
					),
				),
				[3]: show(running, () =>
					button("End", () => "End session", new UDim2(0.52, 0, 0.36, 0), new UDim2(0.45, 0, 0.16, 0), () => this.send({ kind: "end" })),
				),
				[4]: show(
					() => !running(),
					() =>
						// Vide passes the Luau (1-based) index: keyed by position, a button stays as lessons change.
						indexes(lessons, (contentId, n) =>
							button(`Launch${n}`, contentId, new UDim2(0.03, 0, 0.34 + (n - 1) * 0.13, 0), new UDim2(0.94, 0, 0.11, 0), () =>
								this.send({ kind: "launch", contentId: Vide.untrack(contentId) }),
							),
						),
				),
			}),
		});
	}
}

function summaryOf(view: TeacherView | undefined, running: boolean): string {
	if (!view || !running) return "Choose a lesson to start";
	return (
		`Session ${view.joinCode} · ${view.status} · Q${view.questionIndex + 1}/${view.totalQuestions}\n` +
		`${view.students} students · ${view.answered} answered · ${view.right} right · ${view.wrong} wrong`
	);
}

function isLast(view: TeacherView | undefined): boolean {
	return view !== undefined && view.questionIndex + 1 >= view.totalQuestions;
}

/** Text scales with the screen (TextScaled plus a size cap), as in client/ui/widgets. */
function label(name: string, text: () => string, position: UDim2, size: UDim2): TextLabel {
	return create("TextLabel")({
		Name: name,
		Text: text,
		Position: position,
		Size: size,
		BackgroundTransparency: 1,
		TextColor3: Color3.fromRGB(245, 245, 245),
		TextScaled: true,
		TextWrapped: true,
		Font: Enum.Font.GothamMedium,
		[1]: create("UITextSizeConstraint")({ MaxTextSize: 22, MinTextSize: 10 }),
	});
}

/** A GuiButton, so mouse, touch and gamepad selection all work. */
function button(name: string, text: () => string, position: UDim2, size: UDim2, onClick: () => void): TextButton {
	return create("TextButton")({
		Name: name,
		Text: text,
		Position: position,
		Size: size,
		BackgroundColor3: Color3.fromRGB(60, 90, 200),
		TextColor3: Color3.fromRGB(255, 255, 255),
		TextScaled: true,
		TextWrapped: true,
		Font: Enum.Font.GothamBold,
		AutoButtonColor: true,
		Selectable: true,
		Activated: onClick,
		[1]: create("UITextSizeConstraint")({ MaxTextSize: 32, MinTextSize: 10 }),
	});
}
