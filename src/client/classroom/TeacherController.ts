import { Controller, OnStart } from "@flamework/core";
import { ClientEvents } from "client/network";
import { button, frame, label, screen } from "client/ui/widgets";
import { TeacherCommand, TeacherView } from "shared/classroom/payloads";

/**
 * The teacher's panel, shown only when the server says this player is a teacher: launch a
 * lesson, open the next question, end the session, and live counts for the current question.
 * Keyboard and gamepad shortcuts come through ClassroomInputController.
 */
@Controller()
export class TeacherController implements OnStart {
	private view?: TeacherView;

	public onStart(): void {
		ClientEvents.classroom.teacher.connect((view) => {
			this.view = view;
			this.render();
		});
	}

	public state(): TeacherView | undefined {
		return this.view;
	}

	public send(command: TeacherCommand): void {
		if (this.view?.isTeacher) ClientEvents.classroom.teacherCommand.fire(command);
	}

	private render(): void {
		const view = this.view!;
		const gui = screen("ClassroomTeacher", 4);
		gui.ClearAllChildren();
		if (!view.isTeacher) return;
		const panel = frame("Panel", gui, new UDim2(0.01, 0, 0.02, 0), new UDim2(0.3, 0, 0.5, 0));
		const running = view.status !== "idle" && view.status !== "ended";
		label(
			"Summary",
			panel,
			running
				? `Session ${view.joinCode} · ${view.status} · Q${view.questionIndex + 1}/${view.totalQuestions}\n${view.students} students · ${view.answered} answered · ${view.right} right · ${view.wrong} wrong`
				: "Choose a lesson to start",
			new UDim2(0.03, 0, 0.02, 0),
			new UDim2(0.94, 0, 0.3, 0),
			22,
		);
		if (running) {
			const last = view.questionIndex + 1 >= view.totalQuestions;
			button("Next", panel, last ? "Finish" : "Next question", new UDim2(0.03, 0, 0.36, 0), new UDim2(0.45, 0, 0.16, 0), () => this.send({ kind: "next" }));
			button("End", panel, "End session", new UDim2(0.52, 0, 0.36, 0), new UDim2(0.45, 0, 0.16, 0), () => this.send({ kind: "end" }));
		} else {
			view.lessons.forEach((contentId, i) => {
				if (i >= 5) return;
				button(`Launch${i + 1}`, panel, contentId, new UDim2(0.03, 0, 0.34 + i * 0.13, 0), new UDim2(0.94, 0, 0.11, 0), () =>
					this.send({ kind: "launch", contentId }),
				);
			});
		}
	}
}
