import type { FastifyInstance } from "fastify";
import type { CoreServices } from "../../src/http/context.js";
import { classroomScenarios } from "./classroom.js";
import { contentScenarios } from "./content.js";
import { licensingScenarios } from "./licensing.js";
import { platformScenarios } from "./platform.js";

export interface BenchTarget {
	url: string;
	app: FastifyInstance;
	services: CoreServices;
}

export interface BenchRequest {
	path: string;
	method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
	headers?: Record<string, string>;
	body?: string;
	/** For writes that must differ per request (autocannon's request hook). */
	setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
}

export interface BenchScenario {
	name: string;
	prepare(target: BenchTarget): Promise<BenchRequest>;
	report?(target: BenchTarget, result: { rps: number; requests: number }): Promise<string>;
}

/** Each module contributes its scenarios here. */
export const SCENARIOS: BenchScenario[] = [...platformScenarios, ...licensingScenarios, ...classroomScenarios, ...contentScenarios];
