/**
 * The lesson generator and content store: the stable interface other modules use.
 *
 *   generateLesson(request, { seed?, llm? }) -> LessonContent   (throws AppError 400 with details.field on bad input)
 *   createContentStore(db | tx).save / .get(id, schoolId)       (content scoped to a school)
 *   llmFromConfig(app.core.config)                              (undefined unless LLM_BASE_URL is set)
 *   LessonContentSchema / LessonRequestSchema / QuestionSchema  (TypeBox)
 *   publicQuestion(q)                                           (a question without its answer key)
 *   listTopics(grade?) / matchObjectives({ grade, objectives }) (the maths curriculum, see curriculum/)
 *   verifyMathQuestion({ text, options, correct })              (re-checks a maths question, e.g. a teacher's edit)
 */
export { generateLesson, DEFAULT_QUESTIONS, POINTS_PER_QUESTION } from "./generateLesson.js";
export { createContentStore, newContentId, type ContentStore, type SaveContentInput, type StoredContent } from "./store.js";
export { llmFromConfig, createOpenAiProvider, LlmError } from "./llm/openAiProvider.js";
export { verifyMathQuestion, type Verdict } from "./math/verify.js";
export { listTopics, matchObjectives, type ObjectiveMatch, type Topic } from "./curriculum/index.js";
export { validateBank, BANK_SUBJECTS } from "./bank/questionBank.js";
export { ENVIRONMENT_TYPES } from "./layout.js";
export { bankCoverage, BANK_SUBJECT_NAMES, classifySubject, questionSource, supportedSubjectsText, type QuestionSource } from "./subjects.js";
export { lessonContents } from "./tables.js";
export {
	DIFFICULTIES,
	LessonContentSchema,
	LessonRequestSchema,
	PublicQuestionSchema,
	QuestionSchema,
	publicQuestion,
	type CurriculumNote,
	type Difficulty,
	type GenerateOptions,
	type LessonContent,
	type LessonRequest,
	type LlmProvider,
	type PublicQuestion,
	type Question,
	type SceneObject,
} from "./types.js";
