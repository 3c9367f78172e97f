import { performance } from "node:perf_hooks";
import { schools, users } from "../../src/db/tables.js";
import { generateLesson } from "../../src/modules/content/index.js";
import type { BenchScenario } from "./index.js";

/**
 * A 10-question procedural maths lesson through POST /v2/roblox/generate-content (generation,
 * storage and audit), seeds varying per request. The report adds the generator alone, in process,
 * over mixed grades and objectives, so a slow generator shows apart from the HTTP and database cost.
 */
const LESSON = { subject: "Mathematics", gradeLevel: 5, learningObjectives: ["add fractions with unlike denominators", "compare decimals"], maxQuestions: 10, difficulty: "medium" };
const MIX = [
	{ gradeLevel: 1, learningObjectives: ["count to 20 and add within 10"] },
	{ gradeLevel: 3, learningObjectives: ["multiplication facts"] },
	{ gradeLevel: 5, learningObjectives: ["fractions", "decimals"] },
	{ gradeLevel: 7, learningObjectives: [] },
	{ gradeLevel: 9, learningObjectives: ["systems of equations", "factoring quadratics"] },
];

export const contentScenarios: BenchScenario[] = [
	{
		name: "content POST /generate-content x10 maths",
		async prepare(target) {
			const db = target.services.database.db;
			const [school] = await db.insert(schools).values({ name: "Bench Content" }).returning();
			const name = `bench-content-${Date.now()}`;
			const [user] = await db.insert(users).values({ email: `${name}@example.test`, username: name, displayName: "Bench", role: "teacher", schoolId: school.id }).returning();
			const { access_token } = await target.services.tokens.issue({ id: user.id, role: "teacher", schoolId: school.id, tier: "standard" });
			let seed = 0;
			const body = () => JSON.stringify({ ...LESSON, seed: ++seed });
			return {
				path: "/v2/roblox/generate-content",
				method: "POST",
				headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
				body: body(),
				setupRequest: (request) => ({ ...request, body: body() }),
			};
		},
		async report() {
			const times: number[] = [];
			for (let i = 0; i < 300; i++) {
				const start = performance.now();
				await generateLesson({ subject: "Mathematics", maxQuestions: 10, ...MIX[i % MIX.length] }, { seed: i });
				times.push(performance.now() - start);
			}
			times.sort((a, b) => a - b);
			return `generateLesson alone, 10 maths questions over grades 1-9: p50 ${times[150].toFixed(2)} ms, p99 ${times[296].toFixed(2)} ms`;
		},
	},
];
