import { LogController, type FastifyBaseLogger, type FastifyContextConfig, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import { destination, stdSerializers, type Bindings, type ChildLoggerOptions, type LevelWithSilentOrString } from "pino";

/**
 * What the backend's logs may contain, in one place. Secrets never reach a log line:
 * - request lines: the URL's query values for credential-like names (`?token=` on WebSockets,
 *   OAuth `code` and `state` on redirects...) are replaced, headers are not logged at all;
 * - errors: database errors (drizzle's "Failed query ... params: ...", `params`/`parameters`
 *   fields, at any depth of `cause`) lose their bound parameters, which carry password hashes,
 *   message bodies and tokens; the SQL text with its $1 placeholders stays, it is what debugging needs;
 * - any object logged with a password/token/secret-like key has it removed (pino redaction).
 */
export const SENSITIVE_QUERY_NAMES = new Set(["token", "access_token", "refresh_token", "id_token", "code", "state", "code_verifier", "key", "api_key", "apikey", "secret", "client_secret", "password", "signature"]);
export const REDACTED = "[REDACTED]";

declare module "fastify" {
	interface FastifyContextConfig {
		/**
		 * "failures": the route's answered requests (status < 400) get no access line each, only a
		 * "requests answered" count per minute; refusals and errors are logged as everywhere. For
		 * machine traffic whose every line says the same (the licensing heartbeat: every live game
		 * server, every 30 s).
		 */
		accessLog?: "all" | "failures";
	}
}

/** How often a quiet route's count of answered requests is written. */
const QUIET_SUMMARY_MS = 60_000;

/** How much of the log is held before a write, and for how long at most. */
const LOG_BLOCK_BYTES = 4096;
const LOG_FLUSH_MS = 100;

export function loggerOptions(level: string): Exclude<FastifyServerOptions["logger"], boolean | undefined> {
	return {
		level,
		redact: {
			paths: [
				"req.headers",
				"*.password",
				"*.current_password",
				"*.new_password",
				"*.token",
				"*.access_token",
				"*.refresh_token",
				"*.secret",
				"*.client_secret",
				"*.apiKey",
				"*.api_key",
				"*.cookie",
				"*.authorization",
			],
			remove: true,
		},
		serializers: { req: serializeRequest, err: serializeError },
		// Written asynchronously and in blocks: lines are held until LOG_BLOCK_BYTES have piled up
		// or LOG_FLUSH_MS has passed, so under load one write carries a dozen requests' lines
		// (a write per line was ~15% of a heartbeat's CPU); pino flushes what is left when the
		// process exits.
		stream: destination({ sync: false, minLength: LOG_BLOCK_BYTES, periodicFlush: LOG_FLUSH_MS }),
	};
}

/**
 * The access log (Fastify's `logController`): one line per request once answered (method, URL
 * with credentials redacted, status, time), where Fastify writes an "incoming request" line and
 * a "request completed" one. WebSocket upgrades are answered by the socket, so theirs is
 * written when they arrive. These lines hold only what serializeRequest keeps and the status,
 * never a secret, so they skip the redaction every other line goes through (a third of the
 * logging cost); a request that errored is logged with its error, redacted as usual.
 */
export class AccessLog extends LogController {
	private access?: FastifyBaseLogger;
	/** Answered-and-unlogged counts of `accessLog: "failures"` routes, by route config, since `since`. */
	private readonly quiet = new Map<FastifyContextConfig, { answered: number; since: number }>();

	override incomingRequest(request: FastifyRequest): void {
		if (request.headers.upgrade) this.lines(request).info({ reqId: request.id, req: request }, "incoming websocket");
	}

	override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
		if (error) return reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
		// request.routeOptions builds a new object on every read: read it once.
		const config = reply.statusCode < 400 ? request.routeOptions.config : undefined;
		if (config?.accessLog === "failures") this.count(request, config);
		else this.lines(request).info({ reqId: request.id, req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
	}

	/** One summary line per route and minute instead of a line per answered request. */
	private count(request: FastifyRequest, config: FastifyContextConfig): void {
		// Keyed by the route's config object (one per route), so counting builds no string.
		const now = Date.now();
		const counter = this.quiet.get(config);
		if (!counter) return void this.quiet.set(config, { answered: 1, since: now });
		counter.answered++;
		if (now - counter.since < QUIET_SUMMARY_MS) return;
		const route = `${request.method} ${request.routeOptions.url}`;
		this.lines(request).info({ route, answered: counter.answered, seconds: Math.round((now - counter.since) / 1000) }, "requests answered");
		counter.answered = 0;
		counter.since = now;
	}

	private lines(request: FastifyRequest): FastifyBaseLogger {
		this.access ??= request.server.log.child({}, { redact: { paths: [] } });
		return this.access;
	}
}

/**
 * Fastify's childLoggerFactory: `request.log` / `reply.log`, the logger bound to the request id,
 * is made the first time something logs through it. Most requests never do (their access line
 * comes from AccessLog's own logger), and a pino child per request (bindings serialised,
 * redaction set up) was a few percent of every request's CPU.
 */
export const lazyRequestLogger = (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger => new LazyLogger(logger, bindings, options);

type LogArgs = [unknown, ...unknown[]];
type LogMethod = (...args: LogArgs) => void;

class LazyLogger implements FastifyBaseLogger {
	private made?: FastifyBaseLogger;

	constructor(
		private readonly parent: FastifyBaseLogger,
		private readonly bindings: Bindings,
		private readonly options: ChildLoggerOptions,
	) {}

	get level(): LevelWithSilentOrString {
		return this.logger.level;
	}

	set level(level: LevelWithSilentOrString) {
		this.logger.level = level;
	}

	fatal(...args: LogArgs): void {
		(this.logger.fatal as LogMethod)(...args);
	}

	error(...args: LogArgs): void {
		(this.logger.error as LogMethod)(...args);
	}

	warn(...args: LogArgs): void {
		(this.logger.warn as LogMethod)(...args);
	}

	info(...args: LogArgs): void {
		(this.logger.info as LogMethod)(...args);
	}

	debug(...args: LogArgs): void {
		(this.logger.debug as LogMethod)(...args);
	}

	trace(...args: LogArgs): void {
		(this.logger.trace as LogMethod)(...args);
	}

	silent(...args: LogArgs): void {
		(this.logger.silent as LogMethod)(...args);
	}

	child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
		return this.logger.child(bindings, options);
	}

	private get logger(): FastifyBaseLogger {
		this.made ??= this.parent.child(this.bindings, this.options);
		return this.made;
	}
}

export function serializeRequest(request: FastifyRequest) {
	return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

/** `/v2/ws?token=eyJ...&x=1` -> `/v2/ws?token=[REDACTED]&x=1`. */
export function redactUrl(url: string): string {
	const at = url.indexOf("?");
	if (at < 0) return url;
	const query = url
		.slice(at + 1)
		.split("&")
		.map((pair) => {
			const eq = pair.indexOf("=");
			const name = safeDecode(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
			return SENSITIVE_QUERY_NAMES.has(name) ? `${pair.slice(0, eq < 0 ? pair.length : eq)}=${REDACTED}` : pair;
		})
		.join("&");
	return `${url.slice(0, at)}?${query}`;
}

export function serializeError(error: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
	return scrub(stdSerializers.err(error) as unknown as Record<string, unknown>, 0) as ReturnType<typeof serializeError>;
}

function scrub(serialized: Record<string, unknown>, depth: number): Record<string, unknown> {
	const out: Record<string, unknown> = { ...serialized };
	delete out.params;
	delete out.parameters;
	for (const field of ["message", "stack"] as const) if (typeof out[field] === "string") out[field] = withoutParams(out[field] as string);
	if (out.cause && typeof out.cause === "object" && depth < 5) out.cause = scrub(out.cause as Record<string, unknown>, depth + 1);
	return out;
}

/** Drizzle puts the bound values on a `params:` line after the SQL; keep the SQL, drop the values. */
const withoutParams = (text: string): string => text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, `\nparams: ${REDACTED}`);

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}
