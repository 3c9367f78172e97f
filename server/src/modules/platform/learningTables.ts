/**
 * Schema entry of the "platform_learning" migration set (src/db/migrationSets.ts): the tables of
 * lessons, quizzes, progress, analytics reports, messages and notifications. Each table lives in
 * its resource's folder; this file only gathers them for drizzle-kit.
 */
export { analyticsReports } from "./analytics/tables.js";
export { lessons, quizAttempts, quizzes } from "./lessons/tables.js";
export { messages } from "./messages/tables.js";
export { notifications } from "./notifications/tables.js";
export { lessonProgress } from "./progress/tables.js";
