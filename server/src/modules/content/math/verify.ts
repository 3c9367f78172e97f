import { sameAnswerKey, truthOf } from "./check/forms.js";

/**
 * Re-checks a maths question from its text alone: the LLM provider's questions, a teacher's
 * edit of a generated question (`verifyMathQuestion({ text, options, correct })`), and the
 * generators under test. It recomputes the answer with its own exact arithmetic (check/), never
 * with the generators' code, and knows every form the generators write (check/forms.ts).
 *
 *   correct   exactly one option is right and it is the marked one
 *   wrong     options repeat, none or several are right, or another option is the right one
 *   unknown   the question is not in a form the checker can read
 */
export type Verdict =
	| { status: "correct" }
	| { status: "wrong"; reason: string; rightOption?: number }
	| { status: "unknown"; reason: string };

export function verifyMathQuestion(question: { text: string; options: string[]; correct: number }): Verdict {
	const keys = question.options.map(sameAnswerKey);
	for (let i = 0; i < keys.length; i++)
		for (let j = i + 1; j < keys.length; j++) if (keys[i] === keys[j]) return { status: "wrong", reason: `options ${i} and ${j} are the same answer` };
	const truth = truthOf(question.text);
	if (!truth) return { status: "unknown", reason: "question form not recognised" };
	const right = question.options.map((o, i) => (safe(() => truth(o)) ? i : -1)).filter((i) => i >= 0);
	if (right.length !== 1) return { status: "wrong", reason: `${right.length} options are right` };
	if (right[0] !== question.correct) return { status: "wrong", reason: `option ${right[0]} is right, not ${question.correct}`, rightOption: right[0] };
	return { status: "correct" };
}

function safe(f: () => boolean): boolean {
	try {
		return f();
	} catch {
		return false;
	}
}
