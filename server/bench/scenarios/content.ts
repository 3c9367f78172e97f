import { performance } from "node:perf_hooks";
import { generateLesson } from "../../src/modules/content/index.js";
import type { BenchScenario } from "./index.js";

/**
 * A 10-question procedural maths lesson through POST /v2/roblox/generate-content (generation,
 * storage and audit), seeds varying per request. The report adds the generator alone, in the
 * bench's process, over mixed grades and objectives, so a slow generator shows apart from the
 * HTTP and database cost.
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
		name: "content POST /v2/roblox/generate-content x10 maths",
		anchor: "db message",
		// One connection: generation is limited to a few lessons a minute per teacher, so what a
		// teacher feels is one request's latency, not throughput under 50 concurrent requests
		// (issue 11: p50 < 50 ms at one connection).
		connections: 1,
		async prepare(api) {
			const { token } = await api.teacher("Bench Content");
			return {
				path: "/v2/roblox/generate-content",
				method: "POST",
				headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
				bodies: { generator: "lesson", args: { lesson: LESSON } },
			};
		},
		async report(_api, result) {
			const times: number[] = [];
			for (let i = 0; i < 300; i++) {
				const start = performance.now();
				await generateLesson({ subject: "Mathematics", maxQuestions: 10, ...MIX[i % MIX.length] }, { seed: i });
				times.push(performance.now() - start);
			}
			times.sort((a, b) => a - b);
			return `p50 ${result.p50.toFixed(1)} ms at one connection (goal < 50 ms); generateLesson alone, 10 maths questions over grades 1-9: p50 ${times[150].toFixed(2)} ms, p99 ${times[296].toFixed(2)} ms`;
		},
	},
];
