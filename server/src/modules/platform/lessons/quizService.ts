import { eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { badRequest, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { can } from "../roles/permissions.js";
import { loadLesson, type LessonRow } from "./access.js";
import type { QuestionInputT, QuizDto } from "./quizSchema.js";
import { maxScoreOf } from "./scoring.js";
import { quizzes, type StoredQuestion } from "./tables.js";

export type QuizRow = typeof quizzes.$inferSelect;

/** A quiz is visible exactly when its lesson is; writes follow the lesson's write rule. */
export async function loadQuiz(db: Db | Tx, who: Principal, quizId: string, mode: "read" | "write"): Promise<{ quiz: QuizRow; lesson: LessonRow }> {
	const [quiz] = await db.select().from(quizzes).where(eq(quizzes.id, quizId));
	if (!quiz) throw notFound("Quiz");
	const lesson = await loadLesson(db, who, quiz.lessonId, mode).catch((error: unknown) => {
		throw (error as { statusCode?: number }).statusCode === 404 ? notFound("Quiz") : error;
	});
	return { quiz, lesson };
}

/** Checks what a schema cannot: each key points at an option, and question ids are unique. */
export function toStoredQuestions(questions: QuestionInputT[]): StoredQuestion[] {
	const seen = new Set<string>();
	return questions.map((q, i) => {
		if (q.correct >= q.options.length) throw badRequest(`body.questions.${i}.correct must index one of the options`, { field: `questions.${i}.correct`, issue: "out of range" });
		if (seen.has(q.id)) throw badRequest(`body.questions.${i}.id is a duplicate`, { field: `questions.${i}.id`, issue: "duplicate" });
		seen.add(q.id);
		return { id: q.id, text: q.text, options: q.options, correct: q.correct, points: q.points ?? 1, ...(q.explanation === undefined ? {} : { explanation: q.explanation }) };
	});
}

/** The answer key goes only to those who may manage quizzes. */
export function presentQuiz(row: QuizRow, who: Principal): QuizDto {
	const withKey = can(who.role, "quizzes.manage");
	return {
		id: row.id,
		lesson_id: row.lessonId,
		title: row.title,
		kind: row.kind,
		questions: row.questions.map((q) =>
			withKey
				? { id: q.id, text: q.text, options: q.options, points: q.points, correct: q.correct, ...(q.explanation === undefined ? {} : { explanation: q.explanation }) }
				: { id: q.id, text: q.text, options: q.options, points: q.points },
		),
		max_score: maxScoreOf(row.questions),
		created_at: row.createdAt.toISOString(),
		updated_at: row.updatedAt.toISOString(),
	};
}
