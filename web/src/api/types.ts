import type { paths } from "./schema";

/** The JSON body of a route's 200 (or 201) answer, from the generated OpenAPI types. */
export type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
	? R extends { 200: { content: { "application/json": infer B } } }
		? B
		: R extends { 201: { content: { "application/json": infer B } } }
			? B
			: never
	: never;

/** The JSON body a route accepts, from the generated OpenAPI types. */
export type RequestJson<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;
