import { eq } from "drizzle-orm";
import type { Db } from "./db/client.js";
import { classes, enrollments, schools, users } from "./db/tables.js";
import { hashPassword } from "./security/passwords.js";

/** A demo school with a teacher, a class and three students. Idempotent: running it twice is a no-op. */
export async function seedDemo(db: Db): Promise<string> {
	const [existing] = await db.select().from(classes).where(eq(classes.joinCode, "DEMO42"));
	if (existing) return "Demo data already present (class join code DEMO42).";
	const password = await hashPassword("demo-password");
	return db.transaction(async (tx) => {
		const [school] = await tx.insert(schools).values({ name: "Demo School" }).returning();
		const [teacher] = await tx
			.insert(users)
			.values({ email: "teacher@demo.local", username: "demo-teacher", displayName: "Ms. Demo", passwordHash: password, role: "teacher", schoolId: school.id })
			.returning();
		const [klass] = await tx
			.insert(classes)
			.values({ schoolId: school.id, teacherId: teacher.id, name: "Grade 5 Maths", subject: "mathematics", gradeLevel: 5, joinCode: "DEMO42" })
			.returning();
		for (const name of ["Ada", "Ben", "Cy"]) {
			const [student] = await tx
				.insert(users)
				.values({ username: `demo-${name.toLowerCase()}`, displayName: name, passwordHash: password, role: "student", schoolId: school.id })
				.returning();
			await tx.insert(enrollments).values({ classId: klass.id, userId: student.id });
		}
		return [
			"Seeded demo data:",
			"  teacher  teacher@demo.local / demo-password",
			"  students demo-ada, demo-ben, demo-cy / demo-password",
			"  class    Grade 5 Maths (join code DEMO42)",
		].join("\n");
	});
}
