import { and, asc, count, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db, Tx } from "../../../db/client.js";
import { classes, enrollments, schools, users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { escapeLike } from "../schools/service.js";
import { isUniqueViolation } from "../system/dbErrors.js";
import { readSetting } from "../system/settings.js";
import { presentUser } from "../users/present.js";
import { manageableClass, readableClass, type ClassRow } from "./access.js";
import { generateJoinCode, normalizeJoinCode } from "./joinCode.js";
import type { ClassDto } from "./schema.js";

const NO_SCHOOL = "00000000-0000-0000-0000-000000000000";

interface ClassFields {
	name?: string;
	subject?: string | null;
	grade_level?: number | null;
	teacher_id?: string | null;
}

/**
 * Classes belong to one school. Teachers create and run classes in their own school; students
 * get in by a teacher's enrollment or by the class join code. A student belongs to at most one
 * school: the first class they enter gives them its school, and classes of other schools refuse
 * them. Every write is audited in its own transaction.
 */
export class ClassService {
	constructor(private readonly db: Db) {}

	async list(caller: Principal, query: { page: number; per_page: number; school_id?: string; teacher_id?: string; q?: string }) {
		const filters: SQL[] = [];
		if (caller.role === "teacher") filters.push(eq(classes.schoolId, caller.schoolId ?? NO_SCHOOL));
		if (caller.role === "student") filters.push(inArray(classes.id, this.db.select({ id: enrollments.classId }).from(enrollments).where(eq(enrollments.userId, caller.id))));
		if (query.school_id) filters.push(eq(classes.schoolId, query.school_id));
		if (query.teacher_id) filters.push(eq(classes.teacherId, query.teacher_id));
		if (query.q) filters.push(ilike(classes.name, `%${escapeLike(query.q)}%`));
		const where = filters.length ? and(...filters) : undefined;
		const [{ total }] = await this.db.select({ total: count() }).from(classes).where(where);
		const rows = await this.db
			.select({ row: classes, students: studentCount, teacher: teacherName })
			.from(classes)
			.where(where)
			.orderBy(asc(classes.name), asc(classes.id))
			.limit(query.per_page)
			.offset((query.page - 1) * query.per_page);
		return { items: rows.map((r) => presentClass(r.row, r.students, r.teacher)), total, page: query.page, per_page: query.per_page };
	}

	async get(caller: Principal, id: string): Promise<ClassDto> {
		const row = await readableClass(this.db, caller, id);
		return this.present(this.db, row);
	}

	async create(request: FastifyRequest, caller: Principal, body: ClassFields & { name: string; school_id?: string }): Promise<ClassDto> {
		const schoolId = caller.role === "admin" ? body.school_id : caller.schoolId;
		if (!schoolId) {
			if (caller.role === "admin") throw badRequest("body.school_id is required for admins", { field: "school_id", issue: "required" });
			throw forbidden("You are not assigned to a school yet; ask an admin");
		}
		if (caller.role !== "admin" && body.school_id !== undefined && body.school_id !== schoolId) {
			throw badRequest("body.school_id must be your own school", { field: "school_id", issue: "not your school" });
		}
		const [school] = await this.db.select({ id: schools.id }).from(schools).where(eq(schools.id, schoolId));
		if (!school) throw badRequest("body.school_id does not name a school", { field: "school_id", issue: "unknown school" });
		const teacherId = body.teacher_id !== undefined ? body.teacher_id : caller.role === "teacher" ? caller.id : null;
		if (teacherId) await this.assertTeacherOf(this.db, teacherId, schoolId);

		return withFreshJoinCode((joinCode) =>
			this.db.transaction(async (tx) => {
				const [row] = await tx
					.insert(classes)
					.values({ schoolId, teacherId, name: body.name.trim(), subject: body.subject ?? null, gradeLevel: body.grade_level ?? null, joinCode })
					.returning();
				await audit(tx, request, { action: "class.create", targetType: "class", targetId: row.id, schoolId, details: { name: row.name, teacher_id: teacherId } });
				return this.present(tx, row);
			}),
		);
	}

	async update(request: FastifyRequest, caller: Principal, id: string, body: ClassFields): Promise<ClassDto> {
		const current = await manageableClass(this.db, caller, id);
		if (body.teacher_id) await this.assertTeacherOf(this.db, body.teacher_id, current.schoolId);
		return this.db.transaction(async (tx) => {
			const patch = {
				...(body.name !== undefined && { name: body.name.trim() }),
				...(body.subject !== undefined && { subject: body.subject }),
				...(body.grade_level !== undefined && { gradeLevel: body.grade_level }),
				...(body.teacher_id !== undefined && { teacherId: body.teacher_id }),
			};
			const [row] = Object.keys(patch).length ? await tx.update(classes).set(patch).where(eq(classes.id, id)).returning() : [current];
			if (!row) throw notFound("Class");
			await audit(tx, request, { action: "class.update", targetType: "class", targetId: id, schoolId: row.schoolId, details: body as Record<string, unknown> });
			return await this.present(tx, row);
		});
	}

	async remove(request: FastifyRequest, caller: Principal, id: string): Promise<void> {
		const current = await manageableClass(this.db, caller, id);
		await this.db.transaction(async (tx) => {
			const deleted = await tx.delete(classes).where(eq(classes.id, id)).returning({ id: classes.id });
			if (deleted.length === 0) throw notFound("Class");
			await audit(tx, request, { action: "class.delete", targetType: "class", targetId: id, schoolId: current.schoolId, details: { name: current.name } });
		});
	}

	/** A new join code; the old one stops working at once. */
	async regenerateJoinCode(request: FastifyRequest, caller: Principal, id: string): Promise<ClassDto> {
		const current = await manageableClass(this.db, caller, id);
		return withFreshJoinCode((joinCode) =>
			this.db.transaction(async (tx) => {
				const [row] = await tx.update(classes).set({ joinCode }).where(eq(classes.id, id)).returning();
				if (!row) throw notFound("Class");
				await audit(tx, request, { action: "class.join_code.regenerate", targetType: "class", targetId: id, schoolId: current.schoolId });
				return await this.present(tx, row);
			}),
		);
	}

	async students(caller: Principal, id: string) {
		await manageableClass(this.db, caller, id);
		const rows = await this.db
			.select({ user: users, enrolledAt: enrollments.createdAt })
			.from(enrollments)
			.innerJoin(users, eq(users.id, enrollments.userId))
			.where(eq(enrollments.classId, id))
			.orderBy(asc(users.displayName), asc(users.id));
		return rows.map((r) => ({ ...presentUser(r.user), enrolled_at: r.enrolledAt.toISOString() }));
	}

	/** A teacher (or admin) adds a student. */
	async enroll(request: FastifyRequest, caller: Principal, classId: string, userId: string) {
		const row = await manageableClass(this.db, caller, classId);
		const [student] = await this.db.select().from(users).where(eq(users.id, userId));
		// Teachers only see students of their school (or not yet in any school).
		const visible = student && (caller.role === "admin" || student.schoolId === null || student.schoolId === row.schoolId);
		if (!student || !visible) throw notFound("User");
		if (student.role !== "student") throw badRequest("body.user_id must be a student", { field: "user_id", issue: "not a student" });
		return this.addEnrollment(request, row, student, "class.enrollment.create");
	}

	async unenroll(request: FastifyRequest, caller: Principal, classId: string, userId: string): Promise<void> {
		const row = await manageableClass(this.db, caller, classId);
		await this.db.transaction(async (tx) => {
			const removed = await tx
				.delete(enrollments)
				.where(and(eq(enrollments.classId, classId), eq(enrollments.userId, userId)))
				.returning({ userId: enrollments.userId });
			if (removed.length === 0) throw notFound("Enrollment");
			await audit(tx, request, { action: "class.enrollment.delete", targetType: "enrollment", targetId: `${classId}:${userId}`, schoolId: row.schoolId, details: { class_id: classId, user_id: userId } });
		});
	}

	/** A signed-in student joins by code. */
	async join(request: FastifyRequest, caller: Principal, code: string) {
		if (!(await readSetting(this.db, "student_self_join"))) throw forbidden("Joining classes by code is turned off");
		const [row] = await this.db.select().from(classes).where(eq(classes.joinCode, normalizeJoinCode(code)));
		if (!row) throw notFound("Class");
		const [student] = await this.db.select().from(users).where(eq(users.id, caller.id));
		if (!student) throw notFound("User");
		return this.addEnrollment(request, row, student, "class.join");
	}

	/** The enrollment insert shared by enroll, join and student registration (which passes its transaction). */
	async addEnrollment(request: FastifyRequest, row: ClassRow, student: typeof users.$inferSelect, action: string, outer?: Tx) {
		if (student.schoolId !== null && student.schoolId !== row.schoolId) throw conflict("The student belongs to another school", { field: "user_id" });
		const write = async (tx: Tx) => {
			if (await this.isMember(tx, row.id, student.id)) throw conflict("The student is already enrolled in this class");
			const cap = await readSetting(tx, "max_students_per_class");
			if ((await this.countStudents(tx, row.id)) >= cap) throw conflict(`The class is full (${cap} students)`);
			const [enrollment] = await tx.insert(enrollments).values({ classId: row.id, userId: student.id }).returning();
			if (student.schoolId === null) {
				const [school] = await tx.select({ tier: schools.tier }).from(schools).where(eq(schools.id, row.schoolId));
				await tx.update(users).set({ schoolId: row.schoolId, tier: school?.tier ?? student.tier, updatedAt: new Date() }).where(eq(users.id, student.id));
			}
			await audit(tx, request, { action, targetType: "enrollment", targetId: `${row.id}:${student.id}`, schoolId: row.schoolId, details: { class_id: row.id, user_id: student.id } });
			return { class_id: row.id, user_id: student.id, enrolled_at: enrollment.createdAt.toISOString() };
		};
		try {
			return outer ? await write(outer) : await this.db.transaction(write);
		} catch (error) {
			if (isUniqueViolation(error)) throw conflict("The student is already enrolled in this class");
			throw error;
		}
	}

	private async isMember(tx: Db | Tx, classId: string, userId: string): Promise<boolean> {
		const [hit] = await tx.select({ id: enrollments.userId }).from(enrollments).where(and(eq(enrollments.classId, classId), eq(enrollments.userId, userId)));
		return hit !== undefined;
	}

	private async present(db: Db | Tx, row: ClassRow): Promise<ClassDto> {
		const [names] = row.teacherId ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.teacherId)) : [];
		return presentClass(row, await this.countStudents(db, row.id), names?.name ?? null);
	}

	private async countStudents(db: Db | Tx, classId: string): Promise<number> {
		const [{ n }] = await db.select({ n: count() }).from(enrollments).where(eq(enrollments.classId, classId));
		return n;
	}

	private async assertTeacherOf(db: Db | Tx, teacherId: string, schoolId: string): Promise<void> {
		const [teacher] = await db.select({ role: users.role, schoolId: users.schoolId }).from(users).where(eq(users.id, teacherId));
		if (!teacher || teacher.role !== "teacher" || teacher.schoolId !== schoolId) {
			throw badRequest("body.teacher_id must be a teacher of the class's school", { field: "teacher_id", issue: "not a teacher of this school" });
		}
	}
}

const studentCount = sql<number>`(select count(*) from ${enrollments} where ${enrollments.classId} = ${classes.id})::int`;
const teacherName = sql<string | null>`(select ${users.displayName} from ${users} where ${users.id} = ${classes.teacherId})`;

export function presentClass(row: ClassRow, students: number, teacher: string | null): ClassDto {
	return {
		id: row.id,
		school_id: row.schoolId,
		teacher_id: row.teacherId,
		teacher_name: teacher,
		name: row.name,
		subject: row.subject,
		grade_level: row.gradeLevel,
		join_code: row.joinCode,
		student_count: Number(students),
		created_at: row.createdAt.toISOString(),
	};
}

/** Retries the write with a new code when the random one is already taken. */
async function withFreshJoinCode<T>(write: (joinCode: string) => Promise<T>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await write(generateJoinCode());
		} catch (error) {
			if (!isUniqueViolation(error) || attempt >= 4) throw error instanceof AppError || !isUniqueViolation(error) ? error : conflict("Could not allocate a join code, try again");
		}
	}
}
