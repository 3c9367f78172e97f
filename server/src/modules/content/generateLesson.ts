import { AppError } from "../../http/errors.js";
import { bankDrafts } from "./bank/bankDrafts.js";
import { listTopics, matchObjectives } from "./curriculum/index.js";
import { serves } from "./curriculum/topics.js";
import { llmDrafts } from "./llm/llmQuestions.js";
import { defaultDifficulty, mathQuestion, topicById, type MathTopic } from "./math/index.js";
import { createRng, randomSeed, type Rng } from "./random.js";
import { classifySubject, SUPPORTED_SUBJECTS } from "./subjects.js";
import type { CurriculumNote, Difficulty, GenerateOptions, LessonContent, LessonRequest, Question } from "./types.js";
import { buildWorld } from "./worlds/build.js";

export const DEFAULT_QUESTIONS = 5;
export const POINTS_PER_QUESTION = 1000;

type Draft = Omit<Question, "id" | "points">;

/**
 * Builds a lesson: terrain, a classroom with one reachable quiz board per question, and the
 * quiz. Mathematics is generated procedurally from the curriculum topics the objectives (or
 * `request.topics`) name for the grade, at the requested difficulty; when objectives are given
 * and none matches a topic for the grade, the request is refused with the closest topics rather
 * than filled with something else. Science, geography and language come from the curated bank;
 * an LLM provider, when given, is asked first and its questions are kept only if they pass
 * validation. Same request + same seed (and no LLM) -> identical lesson.
 */
export async function generateLesson(request: LessonRequest, options: GenerateOptions = {}): Promise<LessonContent> {
	checkRequest(request);
	const rng = createRng(options.seed ?? randomSeed());
	const grade = request.gradeLevel;
	const difficulty = request.difficulty ?? defaultDifficulty(grade);
	const count = request.includeQuiz === false ? 0 : (request.maxQuestions ?? DEFAULT_QUESTIONS);
	const kind = classifySubject(request.subject);
	if (!kind && !options.llm) {
		throw new AppError(400, "VALIDATION_ERROR", `No question source for subject "${request.subject}" (supported: ${SUPPORTED_SUBJECTS})`, {
			field: "subject",
			issue: `supported subjects: ${SUPPORTED_SUBJECTS}`,
		});
	}
	const plan = kind === "math" ? mathPlan(request) : undefined;

	const drafts: Draft[] = [];
	// With a built-in source the model is optional (its failures cost only its questions); without one it is the lesson.
	if (options.llm && count > 0) drafts.push(...(await llmDrafts(options.llm, request, count, difficulty, { isMath: kind === "math", hasFallback: kind !== undefined })));
	const wanted = count - drafts.length;
	if (wanted > 0 && plan) {
		if (plan.topics.length === 0) throw unmatchedError(plan.refusal!);
		drafts.push(...mathDrafts(plan, rng, grade, difficulty, wanted, drafts));
	} else if (wanted > 0 && kind && kind !== "math") {
		drafts.push(...bankDrafts(kind, request, rng, wanted, drafts));
	}

	const title = request.learningObjectives[0] ? `${request.subject}: ${request.learningObjectives[0]}` : `Welcome to ${request.subject}!`;
	// The world (theme, elements and their stations) shares the questions out: see worlds/build.ts.
	const world = buildWorld(
		{ subject: kind ?? request.subject.trim().toLowerCase(), grade, difficulty, theme: request.theme, environmentType: request.environmentType, elements: request.elements, title, count, points: POINTS_PER_QUESTION },
		drafts.slice(0, count),
		rng,
	);
	return plan ? { ...world.content, curriculum: plan.note } : world.content;
}

interface MathPlan {
	topics: MathTopic[];
	/** Per topic id: the largest number the objective allows ("within 10"). */
	limits?: Record<string, number>;
	note: CurriculumNote;
	refusal?: { message: string; unmatched: string[]; closest: string[] };
}

/** Which maths topics the lesson uses: the given topic ids, else the objectives' matches, else every topic of the grade. */
function mathPlan(request: LessonRequest): MathPlan {
	const grade = request.gradeLevel;
	if (request.topics?.length) {
		const topics = request.topics.map((id) => {
			const topic = topicById(id);
			if (!topic) throw bad("topics", `unknown maths topic "${id}" (see the curriculum topic list)`);
			if (!serves(topic, grade) && !serves(topic, grade - 1) && !serves(topic, grade + 1)) throw bad("topics", `"${id}" serves grades ${topic.grades.min}-${topic.grades.max}, not grade ${grade}`);
			return topic;
		});
		return { topics, note: { topics: topics.map((t) => t.id), explanation: `Built from the chosen topics: ${topics.map((t) => t.title).join("; ")}.`, unmatched: [] } };
	}
	const objectives = request.learningObjectives.filter((o) => o.trim());
	if (objectives.length === 0) {
		const topics = listTopics(grade).map((t) => topicById(t.id)!);
		return { topics, note: { topics: topics.map((t) => t.id), explanation: `No objectives given: a mix of grade ${grade} topics (${topics.map((t) => t.title).join("; ")}).`, unmatched: [] } };
	}
	const match = matchObjectives({ grade, objectives });
	const topics = match.topics.map((t) => topicById(t.id)!);
	const note = { topics: topics.map((t) => t.id), explanation: match.explanation, unmatched: match.unmatched };
	return { topics, limits: match.limits, note, refusal: topics.length === 0 ? { message: match.explanation, unmatched: match.unmatched, closest: match.closest.map((t) => t.id) } : undefined };
}

function unmatchedError(refusal: NonNullable<MathPlan["refusal"]>): AppError {
	return new AppError(400, "VALIDATION_ERROR", refusal.message, {
		field: "learningObjectives",
		issue: "no maths topic for this grade matches the objectives",
		unmatched: refusal.unmatched,
		closest: refusal.closest,
	});
}

/** Questions spread evenly over the topics, in their order; a repeated text is drawn again (and allowed only when the topic runs dry). */
function mathDrafts({ topics, limits }: MathPlan, rng: Rng, grade: number, difficulty: Difficulty, wanted: number, existing: { text: string }[]): Draft[] {
	const seen = new Set(existing.map((q) => q.text));
	const out: Draft[] = [];
	for (let attempt = 0; out.length < wanted; attempt++) {
		const topic = topics[out.length % topics.length];
		const q = mathQuestion(topic, rng, grade, difficulty, limits?.[topic.id]);
		if (seen.has(q.text) && attempt < wanted * 20) continue;
		seen.add(q.text);
		out.push(q);
	}
	return out;
}

const bad = (field: string, issue: string) => new AppError(400, "VALIDATION_ERROR", `${field} ${issue}`, { field, issue });

function checkRequest(request: LessonRequest): void {
	if (!Number.isInteger(request.gradeLevel) || request.gradeLevel < 1 || request.gradeLevel > 12) throw bad("gradeLevel", "Must be between 1 and 12");
	if (!request.subject?.trim()) throw bad("subject", "must not be empty");
	if (request.maxQuestions !== undefined && (!Number.isInteger(request.maxQuestions) || request.maxQuestions < 1 || request.maxQuestions > 50)) {
		throw bad("maxQuestions", "Must be between 1 and 50");
	}
}
