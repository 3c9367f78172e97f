import { createHash } from "node:crypto";
import { and, eq, isNull, lt } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions, onSendHookHandler, preHandlerHookHandler } from "fastify";
import fp from "fastify-plugin";
import { bearerToken } from "../authenticate.js";
import type { CoreServices } from "../context.js";
import { AppError } from "../errors.js";
import { idempotencyKeys } from "./tables.js";

/**
 * `Idempotency-Key` on every POST of every area, with Stripe's semantics:
 *
 * - The first request with a key runs; a successful (2xx/3xx) response is kept for
 *   KEY_TTL_MS and a retry with the same key and the same request (method, URL, body) gets it
 *   again, status and body, with `Idempotent-Replayed: true`. Nothing is written twice.
 * - The same key with a different request: 422 IDEMPOTENCY_KEY_REUSED.
 * - A retry that arrives while the first is still running waits for it (IDEMPOTENCY_IN_FLIGHT_WAIT_MS, 10 s)
 *   and then gets its response; if the first is still running after that, 409
 *   IDEMPOTENCY_KEY_IN_USE with Retry-After.
 * - An error response (4xx/5xx) is not kept: nothing was written, so a retry runs afresh.
 * - Keys are scoped per caller (user id for a JWT, a digest of the presented API key or place
 *   key, else the source address): one caller's key never replays another caller's response.
 *
 * A server that dies mid-request leaves the key in flight; after ABANDONED_AFTER_MS the next
 * retry takes it over and runs. Routes opt out with `config: { idempotency: false }`.
 */
export const idempotencyPlugin = fp<{ services: CoreServices }>(
	async (app: FastifyInstance, { services }) => {
		app.decorateRequest("idempotency", undefined);
		const store = new KeyStore(services);
		const preHandler = reserveOrReplay(store, services.config.IDEMPOTENCY_IN_FLIGHT_WAIT_MS);
		const onSend = rememberResponse(store);
		app.addHook("onRoute", (route) => {
			if (!isPost(route) || (route.config as { idempotency?: boolean } | undefined)?.idempotency === false) return;
			route.schema = { ...route.schema, headers: withKeyHeader(route.schema?.headers) };
			route.preHandler = [...hooks(route.preHandler), preHandler];
			route.onSend = [...hooks(route.onSend), onSend];
		});
		const sweep = setInterval(() => void store.sweep().catch(() => {}), SWEEP_INTERVAL_MS);
		sweep.unref();
		app.addHook("onClose", async () => clearInterval(sweep));
	},
	{ name: "idempotency", dependencies: ["core"] },
);

export const IDEMPOTENCY_HEADER = "idempotency-key";
const KEY_TTL_MS = 24 * 3600_000;
const ABANDONED_AFTER_MS = 60_000;
const POLL_MS = 50;
const SWEEP_INTERVAL_MS = 3600_000;

const KEY_SCHEMA = {
	type: "string",
	minLength: 1,
	maxLength: 255,
	pattern: "^[\\x21-\\x7E]+$",
	description:
		"Makes this POST safe to retry: send a unique value (e.g. a UUID) and the same value on every retry of the same request. " +
		"A retry within 24 h gets the first response again (status and body, header Idempotent-Replayed: true) and writes nothing; " +
		"the same key with a different request is 422 IDEMPOTENCY_KEY_REUSED; a retry while the first is still running waits for it " +
		"(up to 10 s, then 409 IDEMPOTENCY_KEY_IN_USE with Retry-After). Error responses are not kept. Keys are scoped per caller.",
};

declare module "fastify" {
	interface FastifyRequest {
		idempotency?: { scope: string; key: string };
	}
}

interface Stored {
	fingerprint: string;
	status: number | null;
	contentType: string | null;
	sealedBody: string | null;
	lockedAt: Date;
	expiresAt: Date;
}

/**
 * Both hooks call `done` at once for a POST without the header (nearly all of them), with no
 * promise made; one with the header returns the promise of its database work instead, which
 * Fastify's hook runner waits for (and turns a rejection into the error response).
 */
function reserveOrReplay(store: KeyStore, inFlightWaitMs: number): preHandlerHookHandler {
	return function idempotencyPreHandler(request, reply, done) {
		const key = request.headers[IDEMPOTENCY_HEADER];
		if (typeof key !== "string" || key === "") return done();
		return reserveOrReplayKey(store, inFlightWaitMs, request, reply, key);
	};
}

async function reserveOrReplayKey(store: KeyStore, inFlightWaitMs: number, request: FastifyRequest, reply: FastifyReply, key: string): Promise<void> {
	const scope = callerScope(request);
	const fingerprint = fingerprintOf(request);
	const deadline = Date.now() + inFlightWaitMs;
	for (;;) {
		if (await store.reserve(scope, key, fingerprint)) {
			request.idempotency = { scope, key };
			return;
		}
		const row = await store.find(scope, key);
		if (!row) continue; // the first attempt failed and released the key: run this one
		if (row.expiresAt.getTime() <= Date.now()) {
			await store.release(scope, key);
			continue;
		}
		if (row.fingerprint !== fingerprint) {
			throw new AppError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request", {
				field: "headers.idempotency-key",
				issue: "already used for another method, URL or body",
			});
		}
		if (row.status !== null) return void replay(store, reply, row);
		if (Date.now() - row.lockedAt.getTime() > ABANDONED_AFTER_MS && (await store.takeOver(scope, key, row.lockedAt))) {
			request.idempotency = { scope, key };
			return;
		}
		if (Date.now() >= deadline) {
			throw new AppError(409, "IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still being processed; retry shortly", undefined, {
				"retry-after": "1",
			});
		}
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

function rememberResponse(store: KeyStore): onSendHookHandler<unknown> {
	return function idempotencyOnSend(request, reply, payload, done) {
		const held = request.idempotency;
		if (!held) return done(null, payload);
		request.idempotency = undefined;
		return recordOutcome(store, request, reply, payload, held);
	};
}

async function recordOutcome(store: KeyStore, request: FastifyRequest, reply: FastifyReply, payload: unknown, held: { scope: string; key: string }): Promise<unknown> {
	const body = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : undefined;
	try {
		if (reply.statusCode < 400 && body !== undefined) {
			await store.complete(held.scope, held.key, reply.statusCode, String(reply.getHeader("content-type") ?? "application/json"), body);
		} else {
			await store.release(held.scope, held.key);
		}
	} catch (error) {
		// The response still goes out; the key stays in flight until ABANDONED_AFTER_MS.
		request.log.warn({ err: error }, "could not record the Idempotency-Key outcome");
	}
	return payload;
}

function replay(store: KeyStore, reply: FastifyReply, row: Stored): FastifyReply {
	return reply
		.code(row.status!)
		.header("content-type", row.contentType ?? "application/json")
		.header("idempotent-replayed", "true")
		.send(store.open(row.sealedBody ?? ""));
}

class KeyStore {
	constructor(private readonly services: CoreServices) {}

	private get db() {
		return this.services.database.db;
	}

	async reserve(scope: string, key: string, fingerprint: string): Promise<boolean> {
		const now = Date.now();
		const rows = await this.db
			.insert(idempotencyKeys)
			.values({ scope, key, fingerprint, lockedAt: new Date(now), expiresAt: new Date(now + KEY_TTL_MS) })
			.onConflictDoNothing()
			.returning({ key: idempotencyKeys.key });
		return rows.length === 1;
	}

	async find(scope: string, key: string): Promise<Stored | undefined> {
		const [row] = await this.db.select().from(idempotencyKeys).where(this.match(scope, key));
		return row;
	}

	async takeOver(scope: string, key: string, lockedAt: Date): Promise<boolean> {
		const rows = await this.db
			.update(idempotencyKeys)
			.set({ lockedAt: new Date() })
			.where(and(this.match(scope, key), isNull(idempotencyKeys.status), eq(idempotencyKeys.lockedAt, lockedAt)))
			.returning({ key: idempotencyKeys.key });
		return rows.length === 1;
	}

	async complete(scope: string, key: string, status: number, contentType: string, body: string): Promise<void> {
		await this.db
			.update(idempotencyKeys)
			.set({ status, contentType, sealedBody: this.services.cipher.seal(body) })
			.where(this.match(scope, key));
	}

	async release(scope: string, key: string): Promise<void> {
		await this.db.delete(idempotencyKeys).where(this.match(scope, key));
	}

	open(sealed: string): string {
		return this.services.cipher.open(sealed);
	}

	async sweep(): Promise<void> {
		await this.db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, new Date()));
	}

	private match(scope: string, key: string) {
		return and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
	}
}

/** Who is calling: a JWT's user, else whichever API key, licence key or place key was presented, else the address. */
function callerScope(request: FastifyRequest): string {
	if (request.user) return `user:${request.user.id}`;
	const credential = bearerToken(request) ?? header(request, "x-api-key") ?? header(request, "x-license-key");
	if (credential) return `key:${sha256(credential)}`;
	return `ip:${request.ip}`;
}

function fingerprintOf(request: FastifyRequest): string {
	const body = request.body;
	const text = body === undefined ? "" : Buffer.isBuffer(body) ? body.toString("base64") : typeof body === "string" ? body : stableJson(body);
	return sha256(`${request.method} ${request.url}\n${text}`);
}

/** JSON with object keys sorted, so a retry that serialises the same body in another key order still matches. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
	if (value && typeof value === "object") {
		const entries = Object.keys(value as object)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
		return `{${entries.join(",")}}`;
	}
	return JSON.stringify(value) ?? "null";
}

function withKeyHeader(headers: unknown): object {
	const base = (headers ?? { type: "object", properties: {} }) as { properties?: Record<string, unknown> };
	return { ...base, properties: { ...(base.properties ?? {}), [IDEMPOTENCY_HEADER]: KEY_SCHEMA } };
}

function isPost(route: RouteOptions): boolean {
	return Array.isArray(route.method) ? route.method.includes("POST") : route.method === "POST";
}

function hooks<T>(value: T | T[] | undefined): T[] {
	return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function header(request: FastifyRequest, name: string): string | undefined {
	const value = request.headers[name];
	return typeof value === "string" && value !== "" ? value : undefined;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
