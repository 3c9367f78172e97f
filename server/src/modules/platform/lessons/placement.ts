import { Type, type Static } from "@sinclair/typebox";
import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { classes } from "../../../db/tables.js";
import { badRequest } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import type { CreateLesson } from "./schema.js";
import type { LessonStatus } from "./tables.js";

/** Returned with a created lesson: whether students can see it, and if not, what is missing. */
export const LessonVisibility = Type.Object({
	students_can_see: Type.Boolean(),
	/** Fields to set (PATCH /lessons/{id}) before students see the lesson: `class_id`, `status`. */
	missing: Type.Array(Type.Union([Type.Literal("class_id"), Type.Literal("status")])),
	/** How the class was chosen: `given` (class_id in the body), `only_class` (the author teaches exactly one class), `none`. */
	class_source: Type.Union([Type.Literal("given"), Type.Literal("only_class"), Type.Literal("none")]),
	hint: Type.Union([Type.String(), Type.Null()]),
});
export type LessonVisibility = Static<typeof LessonVisibility>;

export interface Placement {
	schoolId: string;
	classId: string | null;
	status: LessonStatus;
	visibility: LessonVisibility;
}

/**
 * Where a new lesson goes. The platform spec's own example body has no class and no status
 * (`{ title, content, subject, grade_level }`); a lesson without a class is seen by no student.
 * So when the body names no class and the author teaches exactly one, the lesson goes to that
 * class and is published (unless the body asks for a draft). Otherwise it is created as before
 * (a draft, or the status given) and `visibility` says what students are still missing.
 */
export async function placeLesson(tx: Tx, me: Principal, body: CreateLesson): Promise<Placement> {
	if (body.class_id === undefined && me.role === "teacher") {
		const taught = await tx.select({ id: classes.id, schoolId: classes.schoolId }).from(classes).where(eq(classes.teacherId, me.id));
		const own = taught.filter((c) => c.schoolId === me.schoolId);
		if (own.length === 1) return placed(own[0].schoolId, own[0].id, body.status ?? "published", "only_class", 1);
		if (!me.schoolId) throw badRequest("body.class_id is required when you belong to no school", { field: "class_id", issue: "required" });
		return placed(me.schoolId, null, body.status ?? "draft", "none", own.length);
	}
	const classId = body.class_id ?? null;
	return placed(await lessonSchool(tx, me, classId), classId, body.status ?? "draft", classId ? "given" : "none", undefined);
}

function placed(schoolId: string, classId: string | null, status: LessonStatus, source: LessonVisibility["class_source"], classesTaught: number | undefined): Placement {
	const missing: LessonVisibility["missing"] = [];
	if (!classId) missing.push("class_id");
	if (status !== "published") missing.push("status");
	const hints: string[] = [];
	if (!classId) {
		hints.push(
			classesTaught === undefined || classesTaught === 0
				? "no class: set class_id to a class of your school"
				: `no class: you teach ${classesTaught} classes, set class_id to choose one`,
		);
	}
	if (status !== "published") hints.push('a draft: set status to "published"');
	return {
		schoolId,
		classId,
		status,
		visibility: {
			students_can_see: missing.length === 0,
			missing,
			class_source: source,
			hint: hints.length ? `Students cannot see this lesson yet (${hints.join("; ")}).` : null,
		},
	};
}

/** A lesson belongs to the author's school; a class it is attached to must be of that school. */
export async function lessonSchool(tx: Tx, me: Principal, classId: string | null): Promise<string> {
	if (classId) {
		const [cls] = await tx.select({ schoolId: classes.schoolId }).from(classes).where(eq(classes.id, classId));
		const schoolId = me.role === "admin" && me.schoolId === null ? cls?.schoolId : me.schoolId;
		if (!cls || !schoolId || cls.schoolId !== schoolId) throw badRequest("body.class_id must be a class of your school", { field: "class_id", issue: "unknown class" });
		return schoolId;
	}
	if (!me.schoolId) throw badRequest("body.class_id is required when you belong to no school", { field: "class_id", issue: "required" });
	return me.schoolId;
}
