import { AppError } from "../../http/errors.js";
import { bankQuestionsFor, type BankSubject } from "./bank/questionBank.js";
import { llmQuestions } from "./llm/llmQuestions.js";
import { defaultDifficulty, mathQuestion, mathTopicsFor } from "./math/index.js";
import { createRng, randomSeed, type Rng } from "./random.js";
import { classifySubject, SUPPORTED_SUBJECTS, type SubjectKind } from "./subjects.js";
import type { Difficulty, GenerateOptions, LessonContent, LessonRequest, Question } from "./types.js";
import { buildWorld } from "./worlds/build.js";

export const DEFAULT_QUESTIONS = 5;
export const POINTS_PER_QUESTION = 1000;

/**
 * Builds a lesson: terrain, a classroom with one reachable quiz board per question, and the
 * quiz. Mathematics is generated procedurally (always correct, misconception distractors);
 * science, geography and language come from the curated bank; an LLM provider, when given, is
 * asked first and its questions are kept only if they pass validation. Same request + same
 * seed (and no LLM) -> identical lesson.
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

	const drafts: Omit<Question, "id" | "points">[] = [];
	if (options.llm && count > 0) {
		try {
			drafts.push(...(await llmQuestions(options.llm, request, count, difficulty, kind === "math")).questions);
		} catch {
			// The provider is optional: on any failure the built-in sources fill the quiz.
		}
	}
	if (kind) drafts.push(...builtIn(kind, request, rng, difficulty, count - drafts.length, drafts));

	const title = request.learningObjectives[0] ? `${request.subject}: ${request.learningObjectives[0]}` : `Welcome to ${request.subject}!`;
	// The world (theme, elements and their stations) shares the questions out: see worlds/build.ts.
	const world = buildWorld(
		{ subject: kind ?? request.subject.trim().toLowerCase(), grade, difficulty, theme: request.theme, environmentType: request.environmentType, elements: request.elements, title, count, points: POINTS_PER_QUESTION },
		drafts.slice(0, count),
		rng,
	);
	return world.content;
}

function builtIn(kind: SubjectKind, request: LessonRequest, rng: Rng, difficulty: Difficulty, wanted: number, existing: { text: string }[]) {
	if (wanted <= 0) return [];
	return kind === "math" ? mathDrafts(request, rng, difficulty, wanted, existing) : bankDrafts(kind, request.gradeLevel, rng, wanted, existing);
}

function mathDrafts(request: LessonRequest, rng: Rng, difficulty: Difficulty, wanted: number, existing: { text: string }[]) {
	const topics = mathTopicsFor(request.learningObjectives, request.gradeLevel);
	const seen = new Set(existing.map((q) => q.text));
	const out: Omit<Question, "id" | "points">[] = [];
	for (let attempt = 0; out.length < wanted && attempt < wanted * 20; attempt++) {
		const { id: _id, points: _points, ...q } = mathQuestion(topics[out.length % topics.length], rng, request.gradeLevel, difficulty, "", 0);
		if (seen.has(q.text)) continue;
		seen.add(q.text);
		out.push(q);
	}
	return out;
}

/** Bank questions nearest the grade, in a seeded order, with their options shuffled. */
function bankDrafts(subject: BankSubject, grade: number, rng: Rng, wanted: number, existing: { text: string }[]) {
	const seen = new Set(existing.map((q) => q.text));
	const pool = bankQuestionsFor(subject, grade).filter((q) => !seen.has(q.text));
	const inBand = rng.shuffle(pool.filter((q) => grade >= q.grades[0] && grade <= q.grades[1]));
	const nearby = pool.filter((q) => !(grade >= q.grades[0] && grade <= q.grades[1]));
	return [...inBand, ...nearby].slice(0, wanted).map((q) => {
		const order = rng.shuffle(q.options.map((_, i) => i));
		return {
			text: q.text,
			options: order.map((i) => q.options[i]),
			correct: order.indexOf(q.correct),
			explanation: q.explanation,
			hints: q.hints,
			difficulty: q.difficulty,
			standards: q.standards,
		};
	});
}

function checkRequest(request: LessonRequest): void {
	const bad = (field: string, issue: string) => new AppError(400, "VALIDATION_ERROR", `${field} ${issue}`, { field, issue });
	if (!Number.isInteger(request.gradeLevel) || request.gradeLevel < 1 || request.gradeLevel > 12) throw bad("gradeLevel", "Must be between 1 and 12");
	if (!request.subject?.trim()) throw bad("subject", "must not be empty");
	if (request.maxQuestions !== undefined && (!Number.isInteger(request.maxQuestions) || request.maxQuestions < 1 || request.maxQuestions > 50)) {
		throw bad("maxQuestions", "Must be between 1 and 50");
	}
}
