/**
 * Inspects what a client received for the answer key: any field named like a key, any
 * explanation, and any payload that marks which option is right (an index or the right
 * option's text next to a "right"/"correct" flag).
 */
import type { InboxEvent } from "../../harness";
import type { LessonContent } from "../../../server/src/modules/content/types";

const KEY_FIELDS = new Set(["correct", "correctIndex", "correctAnswer", "answerKey", "answer", "explanation", "key"]);

export function findAnswerKeyLeaks(inbox: InboxEvent[], lesson: LessonContent): string[] {
	const leaks: string[] = [];
	const explanations = new Set(lesson.quiz.questions.map((q) => q.explanation).filter((e) => e && e.length > 0));
	const visit = (value: unknown, path: string) => {
		if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}[${i}]`));
		if (value && typeof value === "object") {
			for (const [k, v] of Object.entries(value)) {
				if (KEY_FIELDS.has(k)) leaks.push(`${path}.${k}`);
				visit(v, `${path}.${k}`);
			}
			return;
		}
		if (typeof value === "string" && explanations.has(value)) leaks.push(`${path} (explanation text)`);
	};
	inbox.forEach((event, i) => visit(event.args, `#${i} ${event.remote}`));
	return leaks;
}
