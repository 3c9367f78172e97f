import type { LessonRow } from "./access.js";
import type { LessonDto } from "./schema.js";

export function presentLesson(row: LessonRow): LessonDto {
	return {
		id: row.id,
		school_id: row.schoolId,
		author_id: row.authorId,
		class_id: row.classId,
		title: row.title,
		content: row.content,
		subject: row.subject,
		grade_level: row.gradeLevel,
		objectives: row.objectives,
		status: row.status,
		created_at: row.createdAt.toISOString(),
		updated_at: row.updatedAt.toISOString(),
	};
}
