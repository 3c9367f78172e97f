import { Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { verifyMathQuestion } from "../math/verify.js";
import { DIFFICULTIES, StandardSchema, type Difficulty, type LessonRequest, type LlmProvider, type Question } from "../types.js";

/**
 * Asks the model for quiz questions and keeps only the ones that pass: each must match the
 * schema (distinct options, answer index in range), and for mathematics the answer is
 * recomputed from the question text; a question whose key disagrees, or that cannot be
 * checked, is dropped.
 */
const LlmQuestionSchema = Type.Object({
	text: Type.String({ minLength: 1, maxLength: 500 }),
	options: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 2, maxItems: 6 }),
	correct: Type.Integer({ minimum: 0 }),
	explanation: Type.Optional(Type.String({ maxLength: 1000 })),
	hints: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 5 })),
	difficulty: Type.Optional(Type.Union(DIFFICULTIES.map((d) => Type.Literal(d)))),
	standards: Type.Optional(Type.Array(StandardSchema, { maxItems: 5 })),
});

export interface LlmQuestionsResult {
	questions: Omit<Question, "id" | "points">[];
	dropped: { index: number; reason: string }[];
}

export async function llmQuestions(
	llm: LlmProvider,
	request: LessonRequest,
	count: number,
	difficulty: Difficulty,
	isMath: boolean,
): Promise<LlmQuestionsResult> {
	const reply = await llm.complete([
		{ role: "system", content: SYSTEM_PROMPT },
		{
			role: "user",
			content: JSON.stringify({
				subject: request.subject,
				gradeLevel: request.gradeLevel,
				learningObjectives: request.learningObjectives,
				difficulty,
				count,
			}),
		},
	]);
	const parsed = parseJson(reply);
	const items = Array.isArray(parsed) ? parsed : (parsed as { questions?: unknown } | undefined)?.questions;
	const result: LlmQuestionsResult = { questions: [], dropped: [] };
	if (!Array.isArray(items)) {
		result.dropped.push({ index: -1, reason: "reply is not a question list" });
		return result;
	}
	items.forEach((item, index) => {
		const reason = rejectReason(item, isMath);
		if (reason) return result.dropped.push({ index, reason });
		const q = item as typeof LlmQuestionSchema.static;
		result.questions.push({
			text: q.text,
			options: q.options,
			correct: q.correct,
			explanation: q.explanation ?? "",
			hints: q.hints ?? [],
			difficulty: q.difficulty ?? difficulty,
			standards: q.standards ?? [],
		});
	});
	result.questions = result.questions.slice(0, count);
	return result;
}

function rejectReason(item: unknown, isMath: boolean): string | undefined {
	if (!Value.Check(LlmQuestionSchema, item)) return `schema: ${[...Value.Errors(LlmQuestionSchema, item)][0]?.message ?? "invalid"}`;
	const q = item as typeof LlmQuestionSchema.static;
	if (q.correct >= q.options.length) return "correct index out of range";
	if (new Set(q.options.map((o) => o.trim().toLowerCase())).size !== q.options.length) return "options repeat";
	if (isMath) {
		const verdict = verifyMathQuestion(q);
		if (verdict.status !== "correct") return `maths check: ${verdict.reason}`;
	}
	return undefined;
}

function parseJson(text: string): unknown {
	const stripped = text.trim().replace(/^```(?:json)?\s*/i, "").replace(/```$/, "");
	try {
		return JSON.parse(stripped);
	} catch {
		return undefined;
	}
}

const SYSTEM_PROMPT = [
	"You write multiple-choice quiz questions for school students.",
	'Reply with JSON only: {"questions":[{"text","options":[4 strings],"correct":<index>,"explanation","hints":[strings],"difficulty":"easy|medium|hard","standards":[{"system","code"}]}]}.',
	"Options must be distinct and exactly one must be right. Wrong options should reflect common misconceptions.",
	"For mathematics use these forms so answers can be checked: 'What is a/b + c/d?', 'What is 2.5 + 0.75?', 'Solve for x: 3x + 4 = 19' (options 'x = 5'), 'What is 25% of 80?', 'Which number is the greatest: 0.5, 0.45, 0.405?'.",
].join("\n");
