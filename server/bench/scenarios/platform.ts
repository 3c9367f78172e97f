import { randomUUID } from "node:crypto";
import { count } from "drizzle-orm";
import { schools, users } from "../../src/db/tables.js";
import { messages } from "../../src/modules/platform/messages/tables.js";
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
	{
		name: "platform POST /v2/messages (auth write)",
		async prepare(target) {
			const db = target.services.database.db;
			const [school] = await db.insert(schools).values({ name: "Bench Messages" }).returning();
			const [teacher, parent] = await db
				.insert(users)
				.values(
					(["teacher", "parent"] as const).map((role) => {
						const name = `bench-${role}-${randomUUID()}`;
						return { email: `${name}@example.test`, username: name, displayName: name, role, schoolId: school.id };
					}),
				)
				.returning();
			const pair = await target.services.tokens.issue({ id: teacher.id, role: "teacher", schoolId: school.id, tier: "standard" });
			return {
				path: "/v2/messages",
				method: "POST",
				headers: { authorization: `Bearer ${pair.access_token}`, "content-type": "application/json" },
				body: JSON.stringify({ recipient_id: parent.id, subject: "Progress", body: "Your child finished the fractions lesson." }),
			};
		},
		// Every acknowledged write must be durable: the stored count should match the 201s.
		async report(target, result) {
			const [{ n }] = await target.services.database.db.select({ n: count() }).from(messages);
			return `${n} messages stored for ${result.requests} requests`;
		},
	},
];
