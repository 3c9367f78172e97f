import { schools, users } from "../../src/db/tables.js";
import type { BenchScenario, BenchTarget } from "./index.js";

async function teacherToken(target: BenchTarget): Promise<string> {
	const db = target.services.database.db;
	const [school] = await db.insert(schools).values({ name: "Bench School" }).returning();
	const [user] = await db
		.insert(users)
		.values({ email: `bench-${Date.now()}@example.test`, username: `bench-${Date.now()}`, displayName: "Bench", role: "teacher", schoolId: school.id })
		.returning();
	const pair = await target.services.tokens.issue({ id: user.id, role: "teacher", schoolId: school.id, tier: "standard" });
	return pair.access_token;
}

export const platformScenarios: BenchScenario[] = [
	{
		name: "platform GET /v2/users/me (auth)",
		async prepare(target) {
			return { path: "/v2/users/me", method: "GET", headers: { authorization: `Bearer ${await teacherToken(target)}` } };
		},
	},
];
