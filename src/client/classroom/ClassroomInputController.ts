import { Controller, OnStart } from "@flamework/core";
import { ContextActionService } from "@rbxts/services";
import { ANSWER_BUTTONS, ANSWER_KEYS, END_KEYS, NEXT_KEYS, slotForKey } from "./inputMap";
import { QuizController } from "./QuizController";
import { TeacherController } from "./TeacherController";

/**
 * Keyboard and gamepad for the classroom (mouse and touch use the buttons themselves): keys 1-6
 * or A/B/X/Y answer, N or R1 opens the next question and End or Select ends the session for a
 * teacher. Bound through ContextActionService so other game controls keep their keys otherwise.
 */
@Controller()
export class ClassroomInputController implements OnStart {
	public constructor(
		private readonly quiz: QuizController,
		private readonly teacher: TeacherController,
	) {}

	public onStart(): void {
		ContextActionService.BindAction(
			"ClassroomAnswer",
			(_, state, input) => {
				const slot = slotForKey(input.KeyCode);
				if (state !== Enum.UserInputState.Begin || slot === undefined || !this.quiz.current()) return Enum.ContextActionResult.Pass;
				this.quiz.choose(slot);
				return Enum.ContextActionResult.Sink;
			},
			false,
			...[...ANSWER_KEYS, ...ANSWER_BUTTONS],
		);
		ContextActionService.BindAction(
			"ClassroomTeacher",
			(_, state, input) => {
				if (state !== Enum.UserInputState.Begin || !this.teacher.state()?.isTeacher) return Enum.ContextActionResult.Pass;
				this.teacher.send(NEXT_KEYS.includes(input.KeyCode) ? { kind: "next" } : { kind: "end" });
				return Enum.ContextActionResult.Sink;
			},
			false,
			...[...NEXT_KEYS, ...END_KEYS],
		);
	}
}
