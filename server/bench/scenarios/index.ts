import type { BenchApi } from "../api.js";
import type { LoadResult, LoadSpec } from "../types.js";
import { classroomScenarios } from "./classroom.js";
import { contentScenarios } from "./content.js";
import { licensingScenarios } from "./licensing.js";
import { platformScenarios } from "./platform.js";

/** The anchors (anchor.ts): bare Fastify, or Fastify + the project's driver doing anchorSql.ts. */
export type AnchorName = "bare GET" | "bare POST" | "db read" | "db message" | "db answer";

/** What a scenario asks of the load generator: the request, without the server's URL. */
export type BenchRequest = Omit<LoadSpec, "url" | "connections" | "seconds" | "warmupSeconds">;

export interface BenchScenario {
	name: string;
	/** What the route is compared with, in the same run. */
	anchor: AnchorName;
	/** Connections for this scenario when it is not the run's (50 by default); say why. */
	connections?: number;
	prepare(api: BenchApi): Promise<BenchRequest>;
	/** A line after the figures (stored counts, goals). */
	report?(api: BenchApi, result: LoadResult): Promise<string>;
}

/** Each module contributes its scenarios here. */
export const SCENARIOS: BenchScenario[] = [...platformScenarios, ...licensingScenarios, ...classroomScenarios, ...contentScenarios];
