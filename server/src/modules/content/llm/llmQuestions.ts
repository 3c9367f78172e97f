import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { AppError } from "../../../http/errors.js";
import { verifyMathQuestion } from "../math/verify.js";
import { DIFFICULTIES, StandardSchema, type Difficulty, type LessonRequest, type LlmMessage, type LlmProvider, type Question } from "../types.js";
import { LlmBudget, LlmBudgetExceeded } from "./budget.js";
import { DEFAULT_LIMITS, LlmError } from "./openAiProvider.js";
import { unsafeReason } from "./safety.js";

/**
 * Quiz questions from the model, kept only when they pass every check (see README.md):
 *   1. the request itself is screened (unsafe topics never reach the model);
 *   2. the model writes questions, or refuses with {"refused": true, "reason"}; a reply that is
 *      not JSON of that shape is asked for again (MAX_ATTEMPTS per step);
 *   3. each question is schema-checked (distinct options, key in range, explanation, hints, a
 *      grade band holding the lesson's grade) and screened for unsafe text;
 *   4. mathematics is recomputed from the text; any other subject goes through a blind pass:
 *      the model answers its own questions without the key and says whether each is on topic
 *      and safe; a question it gets wrong, or flags, is dropped, and so is every question the
 *      pass could not check;
 *   5. all calls of one lesson share a cost cap (calls and tokens): once spent, nothing more is
 *      asked and unchecked questions are dropped.
 */
export interface LlmQuestionsResult {
	questions: Omit<Question, "id" | "points">[];
	dropped: { index: number; reason: string }[];
	/** Set when the request or the model refused the lesson. */
	refused?: string;
	/** Set when the cost cap stopped the pipeline. */
	budgetExceeded?: string;
	calls: number;
	tokens: number;
}

export const MAX_ATTEMPTS = 2;

export async function llmQuestions(llm: LlmProvider, request: LessonRequest, count: number, difficulty: Difficulty, isMath: boolean): Promise<LlmQuestionsResult> {
	const budget = new LlmBudget(llm, llm.limits ?? DEFAULT_LIMITS);
	const result: LlmQuestionsResult = { questions: [], dropped: [], calls: 0, tokens: 0 };
	const done = () => Object.assign(result, { calls: budget.calls, tokens: budget.tokens });
	const screened = unsafeReason([request.subject, ...request.learningObjectives].join("\n"));
	if (screened) return { ...done(), refused: `the request touches ${screened}` };

	let candidates: { item: LlmQuestion; index: number }[];
	try {
		// A few spare questions, so the ones the checks drop need no second round.
		const written = await askJson(budget, writeMessages(request, count + Math.max(1, Math.ceil(count / 4)), difficulty), parseWritten);
		if ("refused" in written) return { ...done(), refused: written.refused };
		candidates = written.items.flatMap((item, index) => {
			const reason = rejectReason(item, request.gradeLevel, isMath);
			if (reason) result.dropped.push({ index, reason });
			return reason ? [] : [{ item: item as LlmQuestion, index }];
		});
	} catch (error) {
		if (error instanceof LlmBudgetExceeded) return { ...done(), budgetExceeded: error.message };
		throw error;
	}

	if (!isMath && candidates.length > 0) {
		try {
			const verdicts = await askJson(budget, blindMessages(request, candidates.map((c) => c.item)), (value) => parseVerdicts(value, candidates.length));
			candidates = candidates.filter((c, i) => {
				const v = verdicts[i];
				const reason = !v.safe ? "blind check: flagged unsafe" : !v.onTopic ? "blind check: off topic" : v.answer !== c.item.correct ? `blind check: answered ${v.answer}, key says ${c.item.correct}` : undefined;
				if (reason) result.dropped.push({ index: c.index, reason });
				return !reason;
			});
		} catch (error) {
			// Unchecked questions are never served.
			for (const c of candidates) result.dropped.push({ index: c.index, reason: `not verified: ${(error as Error).message}` });
			candidates = [];
			if (error instanceof LlmBudgetExceeded) result.budgetExceeded = error.message;
			else if (!(error instanceof LlmError || error instanceof MalformedReply)) throw error;
		}
	}

	result.questions = candidates.slice(0, count).map(({ item: q }) => ({
		text: q.text,
		options: q.options,
		correct: q.correct,
		explanation: q.explanation,
		hints: q.hints,
		difficulty: q.difficulty ?? difficulty,
		standards: q.standards ?? [],
	}));
	return done();
}

/**
 * The lesson's model-written questions, for generateLesson. A refusal (the request screened as
 * unsafe, or the model declining it) refuses the lesson whatever the subject: 422
 * CONTENT_REFUSED. Otherwise, when the subject has a built-in source, a failing model costs
 * nothing but its questions (the built-in source fills the quiz); when it has none, the failure
 * is the lesson's: a spent cost cap is 429 LLM_BUDGET_EXCEEDED, anything else 502 LLM_UNAVAILABLE.
 */
export async function llmDrafts(llm: LlmProvider, request: LessonRequest, count: number, difficulty: Difficulty, source: { isMath: boolean; hasFallback: boolean }) {
	let outcome: LlmQuestionsResult;
	try {
		outcome = await llmQuestions(llm, request, count, difficulty, source.isMath);
	} catch (error) {
		if (source.hasFallback) return [];
		throw new AppError(502, "LLM_UNAVAILABLE", `The language model could not write this lesson: ${(error as Error).message}`, { field: "subject" });
	}
	if (outcome.refused) throw new AppError(422, "CONTENT_REFUSED", `This lesson was refused: ${outcome.refused}`, { field: "learningObjectives", reason: outcome.refused });
	if (source.hasFallback || outcome.questions.length > 0) return outcome.questions;
	if (outcome.budgetExceeded) throw new AppError(429, "LLM_BUDGET_EXCEEDED", outcome.budgetExceeded, { field: "maxQuestions", calls: outcome.calls, tokens: outcome.tokens });
	throw new AppError(502, "LLM_UNAVAILABLE", `The language model wrote no question that passed the checks (${outcome.dropped.length} dropped)`, {
		field: "subject",
		dropped: outcome.dropped.slice(0, 10),
	});
}

const LlmQuestionSchema = Type.Object({
	text: Type.String({ minLength: 1, maxLength: 500 }),
	options: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 2, maxItems: 6 }),
	correct: Type.Integer({ minimum: 0 }),
	explanation: Type.String({ minLength: 1, maxLength: 1000 }),
	hints: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { minItems: 1, maxItems: 5 }),
	grades: Type.Tuple([Type.Integer({ minimum: 1, maximum: 12 }), Type.Integer({ minimum: 1, maximum: 12 })]),
	difficulty: Type.Optional(Type.Union(DIFFICULTIES.map((d) => Type.Literal(d)))),
	standards: Type.Optional(Type.Array(StandardSchema, { maxItems: 5 })),
});
type LlmQuestion = Static<typeof LlmQuestionSchema>;

function rejectReason(item: unknown, grade: number, isMath: boolean): string | undefined {
	if (!Value.Check(LlmQuestionSchema, item)) {
		const first = [...Value.Errors(LlmQuestionSchema, item)][0];
		return `schema: ${first ? `${first.path || "/"} ${first.message}` : "invalid"}`;
	}
	const q = item as LlmQuestion;
	if (q.correct >= q.options.length) return "correct index out of range";
	if (new Set(q.options.map((o) => o.trim().toLowerCase())).size !== q.options.length) return "options repeat";
	if (grade < q.grades[0] || grade > q.grades[1]) return `grade band ${q.grades[0]}-${q.grades[1]} does not hold grade ${grade}`;
	const unsafe = unsafeReason([q.text, ...q.options, q.explanation, ...q.hints].join("\n"));
	if (unsafe) return `unsafe: ${unsafe}`;
	if (isMath) {
		const verdict = verifyMathQuestion(q);
		if (verdict.status !== "correct") return `maths check: ${verdict.reason}`;
	}
	return undefined;
}

class MalformedReply extends Error {}

/** One step of the pipeline: asks, and asks again (up to MAX_ATTEMPTS) while the reply is not the JSON it needs. */
async function askJson<T>(budget: LlmBudget, messages: LlmMessage[], parse: (value: unknown) => T | string): Promise<T> {
	const conversation = [...messages];
	let problem = "";
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		const reply = await budget.complete(conversation, { temperature: attempt === 1 ? 0.4 : 0 });
		const parsed = parseJson(reply);
		const outcome = parsed === undefined ? "the reply is not JSON" : parse(parsed);
		if (typeof outcome !== "string") return outcome;
		problem = outcome;
		conversation.push({ role: "assistant", content: reply.slice(0, 2000) }, { role: "user", content: `That reply could not be used: ${problem}. Reply again with the JSON object only, in the shape asked for.` });
	}
	throw new MalformedReply(`no usable reply after ${MAX_ATTEMPTS} attempts (${problem})`);
}

function parseWritten(value: unknown): { items: unknown[] } | { refused: string } | string {
	const v = value as { questions?: unknown; refused?: unknown; reason?: unknown } | unknown[];
	if (Array.isArray(v)) return { items: v };
	if (!v || typeof v !== "object") return "the reply is not a JSON object";
	if (v.refused === true) return { refused: typeof v.reason === "string" && v.reason ? v.reason.slice(0, 300) : "the model declined" };
	if (!Array.isArray(v.questions)) return 'the reply has no "questions" list';
	return { items: v.questions };
}

interface Verdict {
	answer: number;
	onTopic: boolean;
	safe: boolean;
}

function parseVerdicts(value: unknown, n: number): Verdict[] | string {
	const answers = (value as { answers?: unknown })?.answers;
	if (!Array.isArray(answers)) return 'the reply has no "answers" list';
	const out: Verdict[] = [];
	for (let i = 0; i < n; i++) {
		const a = answers.find((x) => (x as { id?: unknown })?.id === String(i + 1)) as { answer?: unknown; onTopic?: unknown; safe?: unknown } | undefined;
		if (!a || !Number.isInteger(a.answer)) return `no answer for question ${i + 1}`;
		out.push({ answer: a.answer as number, onTopic: a.onTopic !== false, safe: a.safe !== false });
	}
	return out;
}

function parseJson(text: string): unknown {
	const stripped = text.trim().replace(/^```(?:json)?\s*/i, "").replace(/```$/, "");
	try {
		return JSON.parse(stripped);
	} catch {
		return undefined;
	}
}

function writeMessages(request: LessonRequest, count: number, difficulty: Difficulty): LlmMessage[] {
	const task = { task: "write", subject: request.subject, gradeLevel: request.gradeLevel, learningObjectives: request.learningObjectives, difficulty, count };
	return [
		{ role: "system", content: WRITE_PROMPT },
		{ role: "user", content: JSON.stringify(task) },
	];
}

function blindMessages(request: LessonRequest, questions: LlmQuestion[]): LlmMessage[] {
	const task = { task: "answer", subject: request.subject, gradeLevel: request.gradeLevel, questions: questions.map((q, i) => ({ id: String(i + 1), text: q.text, options: q.options })) };
	return [
		{ role: "system", content: ANSWER_PROMPT },
		{ role: "user", content: JSON.stringify(task) },
	];
}

const WRITE_PROMPT = [
	"You write multiple-choice quiz questions for a school class, for the subject, grade, objectives and difficulty given.",
	'Reply with JSON only: {"questions":[{"text","options":[4 strings],"correct":<index of the right option>,"explanation","hints":[1-3 strings],"grades":[lowest grade, highest grade],"difficulty":"easy|medium|hard","standards":[{"system","code"}]}]}.',
	"Options must be distinct and exactly one must be right. Wrong options should reflect common misconceptions. Hints help without giving the answer away. The grade band must include the requested grade.",
	'If the request is unsafe for children or is not a school lesson, reply {"refused": true, "reason": "<why>"} instead.',
	"For mathematics use these forms so answers can be checked: 'What is a/b + c/d?', 'What is 2.5 + 0.75?', 'Solve for x: 3x + 4 = 19' (options 'x = 5'), 'What is 25% of 80?', 'Which number is the greatest: 0.5, 0.45, 0.405?'.",
].join("\n");

const ANSWER_PROMPT = [
	"You are checking quiz questions for a school class. You are not told the answers: choose the right option of each yourself.",
	"Also say whether each question is on topic for the subject and grade given, and safe for children.",
	'Reply with JSON only: {"answers":[{"id":"<question id>","answer":<index of the right option>,"onTopic":true|false,"safe":true|false}]}.',
].join("\n");
