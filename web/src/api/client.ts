import createClient, { type Middleware } from "openapi-fetch";
import { session } from "../auth/session";
import type { paths } from "./schema";

/**
 * The typed client of the backend (paths generated from /openapi.json). Every call carries the
 * access token; a 401 refreshes it once (shared by concurrent calls) and replays the request, and
 * a refresh that fails signs the teacher out.
 */
export const api = createClient<paths>({ baseUrl: window.location.origin });

const replays = new Map<string, Request>();

const auth: Middleware = {
	onRequest({ request, id }) {
		const token = session.accessToken();
		if (token) request.headers.set("authorization", `Bearer ${token}`);
		if (token && !isAuthRoute(request.url)) replays.set(id, request.clone());
		return request;
	},
	async onResponse({ response, id }) {
		const original = replays.get(id);
		replays.delete(id);
		if (response.status !== 401 || !original) return response;
		if (!(await session.refresh())) return response;
		const retry = new Request(original);
		retry.headers.set("authorization", `Bearer ${session.accessToken()}`);
		return fetch(retry);
	},
	onError({ id }) {
		replays.delete(id);
	},
};
api.use(auth);

function isAuthRoute(url: string): boolean {
	return new URL(url).pathname.startsWith("/v2/auth/");
}

/** The message of any of the backend's error envelopes (platform, classroom, Roblox). */
export function errorMessage(error: unknown, fallback = "Something went wrong"): string {
	if (error && typeof error === "object" && "error" in error) {
		const inner = (error as { error: unknown }).error;
		if (inner && typeof inner === "object" && "message" in inner) return String((inner as { message: unknown }).message);
	}
	if (error instanceof Error) return error.message;
	return fallback;
}

/** Unwraps an openapi-fetch result: the data, or a thrown Error carrying the envelope's message. */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
	if (result.error !== undefined || result.data === undefined) throw new ApiError(result.response.status, errorMessage(result.error, `Request failed (${result.response.status})`));
	return result.data;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}
