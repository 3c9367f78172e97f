import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

/**
 * The backend's whole configuration, read from the environment. Every variable has an
 * embedded default so `npm start` works on a fresh machine with no services; a bad value
 * fails at start with a message naming the variable.
 */
export const ConfigSchema = Type.Object({
	PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8009 }),
	HOST: Type.String({ minLength: 1, default: "127.0.0.1" }),
	DATA_DIR: Type.String({ minLength: 1, default: ".data" }),
	DATABASE_URL: Type.Optional(Type.String({ pattern: "^(postgres|postgresql|memory)://" })),
	/** PostgreSQL: seconds to wait for a connection and the per-statement limit, so an outage answers 503 promptly. */
	DB_CONNECT_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 120, default: 5 }),
	DB_STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 15_000 }),
	/** Embedded PGlite: longest a write transaction waits for its turn; past it the request answers 503 DATABASE_BUSY with Retry-After. */
	PGLITE_WRITE_WAIT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 3000 }),
	/** Idempotency-Key: how long a retry waits for the first request with its key before 409 IDEMPOTENCY_KEY_IN_USE. */
	IDEMPOTENCY_IN_FLIGHT_WAIT_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 10_000 }),
	REDIS_URL: Type.Optional(Type.String({ pattern: "^rediss?://" })),
	/** Prepended to every Redis key, channel and BullMQ queue, so deployments (or test runs) can share one Redis. */
	REDIS_KEY_PREFIX: Type.String({ pattern: "^[A-Za-z0-9_.:-]*$", maxLength: 64, default: "" }),
	JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
	CREDENTIALS_KEY: Type.Optional(Type.String({ pattern: "^[0-9a-fA-F]{64}$" })),
	/** Accept JWT_SECRET / CREDENTIALS_KEY that differ from the ones this database was used with (security/sharedSecrets.ts). */
	SECRETS_REPLACE: Type.Boolean({ default: false }),
	/** Server processes `start` runs (node:cluster); above 1 needs PostgreSQL (DATABASE_URL) and REDIS_URL. */
	WORKERS: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
	LOG_LEVEL: Type.Union(
		["fatal", "error", "warn", "info", "debug", "trace", "silent"].map((l) => Type.Literal(l)),
		{ default: "info" },
	),
	PUBLIC_URL: Type.Optional(Type.String({ pattern: "^https?://" })),
	ADMIN_EMAIL: Type.String({ default: "admin@localhost" }),
	ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
	ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 30, default: 900 }),
	REFRESH_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, default: 30 * 24 * 3600 }),
	BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576 }),
	/** Requests per hour for the platform tiers (spec: standard 1000, premium 5000, enterprise 50000). */
	RATE_LIMIT_STANDARD: Type.Integer({ minimum: 1, default: 1000 }),
	RATE_LIMIT_PREMIUM: Type.Integer({ minimum: 1, default: 5000 }),
	RATE_LIMIT_ENTERPRISE: Type.Integer({ minimum: 1, default: 50000 }),
	RATE_LIMIT_ANONYMOUS: Type.Integer({ minimum: 1, default: 1000 }),
	/** The Roblox spec's categories, per caller per minute, shared by /api/v1/roblox and /v2/roblox (place keys excepted). */
	RATE_LIMIT_AUTH_PER_MINUTE: Type.Integer({ minimum: 1, default: 10 }),
	RATE_LIMIT_GENERATION_PER_MINUTE: Type.Integer({ minimum: 1, default: 5 }),
	RATE_LIMIT_DATA_PER_MINUTE: Type.Integer({ minimum: 1, default: 100 }),
	RATE_LIMIT_ANALYTICS_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
	/** The same spec's burst limit: requests per second per caller across those categories. */
	RATE_LIMIT_BURST_PER_SECOND: Type.Integer({ minimum: 1, default: 10 }),
	/** Classroom API: requests per hour for one place key (Roblox caps a game server at 500 HTTP requests/min = 30000/h). */
	CLASSROOM_PLACE_KEY_RATE_LIMIT: Type.Integer({ minimum: 1, default: 30000 }),
	/** Platform WebSockets: a socket that has not authenticated within this many ms is closed (4401). */
	WS_AUTH_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60000, default: 5000 }),

	/** Script licensing: seconds between game-server heartbeats (a session is dead after 3 missed). */
	LICENSING_HEARTBEAT_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 30 }),
	/** Failed licence-key verifications per minute from one source IP for one script, and for one script from all IPs,
	 * before further INVALID keys answer 429 (a valid key always verifies; see licensing/guessThrottle.ts). */
	LICENSING_KEY_FAILURES_PER_IP: Type.Integer({ minimum: 1, default: 10 }),
	LICENSING_KEY_FAILURES_PER_SCRIPT: Type.Integer({ minimum: 1, default: 100 }),
	/** Failed API keys (place, bot workspace, licensing owner keys) allowed per minute from one source address, per API. */
	KEY_FAILURES_PER_IP_PER_MINUTE: Type.Integer({ minimum: 1, default: 100 }),
	/** Login back-off per account: failures allowed before each further failure doubles a wait (1 s, 2 s, ...) capped here. */
	LOGIN_FREE_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
	LOGIN_BACKOFF_MAX_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),

	// Upstreams: every base URL is configurable so tests can point it at a loopback stand-in.
	ROBLOX_OAUTH_BASE_URL: Type.String({ pattern: "^https?://", default: "https://apis.roblox.com/oauth" }),
	ROBLOX_API_BASE_URL: Type.String({ pattern: "^https?://", default: "https://apis.roblox.com" }),
	ROBLOX_GROUPS_BASE_URL: Type.String({ pattern: "^https?://", default: "https://groups.roblox.com" }),
	ROBLOX_USERS_BASE_URL: Type.String({ pattern: "^https?://", default: "https://users.roblox.com" }),
	ROBLOX_OAUTH_CLIENT_ID: Type.Optional(Type.String()),
	ROBLOX_OAUTH_CLIENT_SECRET: Type.Optional(Type.String()),
	ROBLOX_OPEN_CLOUD_API_KEY: Type.Optional(Type.String()),
	/**
	 * Roblox's Right to Erasure webhook (Creator Dashboard > Webhooks, the secret entered there):
	 * POST /v2/roblox/webhooks/roblox-erasure verifies `roblox-signature` with it. Unset: that
	 * route answers 404 (classroom/README.md).
	 */
	ROBLOX_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 1 })),
	DISCORD_API_BASE_URL: Type.String({ pattern: "^https?://", default: "https://discord.com/api" }),
	/** Discord OAuth2 (`identify guilds`) for the bot's verification: users prove their Discord id and guild first. */
	DISCORD_OAUTH_BASE_URL: Type.String({ pattern: "^https?://", default: "https://discord.com" }),
	DISCORD_OAUTH_CLIENT_ID: Type.Optional(Type.String()),
	DISCORD_OAUTH_CLIENT_SECRET: Type.Optional(Type.String()),
	/** Discord OAuth redirect for GET /bot/verify/discord; defaults to PUBLIC_URL (or HOST:PORT) + /bot/verify/discord. */
	BOT_DISCORD_REDIRECT_URI: Type.Optional(Type.String({ pattern: "^https?://" })),
	DISCORD_BOT_TOKEN: Type.Optional(Type.String()),
	BOT_KEY_PREFIX: Type.String({ pattern: "^[a-z0-9]{2,12}$", default: "praun" }),
	/** @discordjs/rest tuning: tests keep these small so upstream failures resolve fast. */
	DISCORD_REST_RETRIES: Type.Integer({ minimum: 0, maximum: 10, default: 3 }),
	DISCORD_REST_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 15000 }),
	DISCORD_GLOBAL_REQUESTS_PER_SECOND: Type.Integer({ minimum: 1, default: 50 }),
	/** Bot API: default per-key budget (the spec's 500 req/min); workspaces can override it. */
	BOT_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 500 }),
	/** Roblox OAuth redirect for GET /bot/verify; defaults to PUBLIC_URL (or HOST:PORT) + /bot/verify. */
	BOT_VERIFY_REDIRECT_URI: Type.Optional(Type.String({ pattern: "^https?://" })),
	ROBLOX_HTTP_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 10000 }),
	PUSHER_APP_ID: Type.Optional(Type.String()),
	PUSHER_KEY: Type.Optional(Type.String()),
	PUSHER_SECRET: Type.Optional(Type.String()),
	PUSHER_CLUSTER: Type.String({ default: "mt1" }),
	PUSHER_HOST: Type.Optional(Type.String()),
	PUSHER_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
	PUSHER_USE_TLS: Type.Boolean({ default: true }),
	LLM_BASE_URL: Type.Optional(Type.String({ pattern: "^https?://" })),
	LLM_API_KEY: Type.Optional(Type.String()),
	LLM_MODEL: Type.String({ default: "gpt-4o-mini" }),
	/** Cost cap per generated lesson (content/llm/README.md): model calls, and tokens as reported (or estimated at 4 chars/token). */
	LLM_MAX_CALLS_PER_LESSON: Type.Integer({ minimum: 1, maximum: 50, default: 6 }),
	LLM_MAX_TOKENS_PER_LESSON: Type.Integer({ minimum: 500, maximum: 1_000_000, default: 30_000 }),
	ROJO_BIN: Type.Optional(Type.String()),
	ROJO_PROJECTS_DIR: Type.Optional(Type.String()),
	/** The teacher app's build (web/dist) served at /; default: the workspace's web/dist when it exists. */
	WEB_DIST_DIR: Type.Optional(Type.String()),
	ROJO_BASE_PORT: Type.Integer({ minimum: 1024, maximum: 65535, default: 34872 }),
	/**
	 * Roblox v1 API request security (spec "Security"): when set, every request carries X-Timestamp
	 * (unix seconds, within 300 s), X-Nonce (16-128 chars of [A-Za-z0-9_-], never reused) and
	 * X-Signature: sha256=<hex HMAC-SHA256(secret, "<X-Timestamp>.<X-Nonce>.<METHOD>.<path?query>.<raw body>")>.
	 * The one format, documented in server/src/modules/roblox/security/requestSigning.ts.
	 */
	ROBLOX_API_SIGNING_SECRET: Type.Optional(Type.String({ minLength: 16 })),
	/** Comma-separated IPs allowed to call /api/v1/roblox (unset: everyone). */
	ROBLOX_API_IP_ALLOWLIST: Type.Optional(Type.String()),
	/**
	 * Studio plugin sign-in (RFC 8628 device authorization, /api/v1/roblox/oauth): how long a
	 * device code and its user code live, and the polling interval handed out. Without an
	 * interval set, it is the slowest of 5 s (RFC 8628's default) and one poll per
	 * authentication-category slot (60 / RATE_LIMIT_AUTH_PER_MINUTE s), so polling at the
	 * interval never runs into 429.
	 */
	DEVICE_CODE_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600, default: 900 }),
	DEVICE_POLL_INTERVAL_SECONDS: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
	/** Server-sent event streams (generation progress): seconds between heartbeat comments. */
	SSE_HEARTBEAT_SECONDS: Type.Integer({ minimum: 1, maximum: 300, default: 15 }),
	/** Outgoing webhook retries: attempts and the base of the exponential backoff. */
	ROBLOX_WEBHOOK_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
	ROBLOX_WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 1, default: 2000 }),
	/** Deliveries still undelivered this long after the event are queued again (their job was lost: restart, Redis outage); checked as often. */
	ROBLOX_WEBHOOK_REDRIVE_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
	/** A generation still in progress this long after it started lost its job (restart, Redis data lost): it is marked failed so the session can generate again. */
	ROBLOX_GENERATION_STALE_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 30 }),
	/**
	 * User-supplied URLs (webhooks) may only reach public addresses. `true` also lets them reach
	 * loopback (127.0.0.0/8, ::1) for development and tests; private, link-local, CGNAT, ULA and
	 * the rest stay refused. Never turn it on in production.
	 */
	OUTBOUND_ALLOW_LOOPBACK: Type.Boolean({ default: false }),
	/**
	 * Browser origins (scheme://host[:port], comma-separated) allowed to call the API with
	 * credentials from another origin. The backend's own origin (PUBLIC_URL, or the request's own
	 * host: the teacher app served at /) is always allowed; every other origin gets no CORS headers.
	 */
	CORS_ORIGINS: Type.Optional(Type.String()),
});

export type RawConfig = Static<typeof ConfigSchema>;

/** Resolved configuration: secrets that were not given are generated once and kept in DATA_DIR. */
export type Config = Omit<RawConfig, "JWT_SECRET" | "CREDENTIALS_KEY"> & {
	JWT_SECRET: string;
	CREDENTIALS_KEY: string;
	/** The secrets this process generated (kept in DATA_DIR) because their variable was not set. */
	generatedSecrets: SecretName[];
	dataDir: string;
};

export type SecretName = "JWT_SECRET" | "CREDENTIALS_KEY";

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
	const known = Object.keys(ConfigSchema.properties);
	const input: Record<string, unknown> = {};
	for (const key of known) {
		const value = env[key];
		if (value !== undefined && value !== "") input[key] = value;
	}
	const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, input));
	const errors = [...Value.Errors(ConfigSchema, withDefaults)];
	if (errors.length > 0) {
		const lines = errors.map((e) => `${e.path.slice(1) || "(root)"}: ${e.message} (got ${JSON.stringify(input[e.path.slice(1)])})`);
		throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
	}
	const raw = withDefaults as RawConfig;
	if (raw.WORKERS > 1 && !(raw.DATABASE_URL && /^postgres(ql)?:\/\//.test(raw.DATABASE_URL) && raw.REDIS_URL)) {
		throw new ConfigError(
			`Invalid configuration:\n  WORKERS=${raw.WORKERS} needs DATABASE_URL (a PostgreSQL database: embedded PGlite belongs to one process) and REDIS_URL (shared rate limits, realtime and jobs); ` +
				`missing: ${[!raw.DATABASE_URL?.startsWith("postgres") && "DATABASE_URL", !raw.REDIS_URL && "REDIS_URL"].filter(Boolean).join(", ")}`,
		);
	}
	const dataDir = resolve(raw.DATA_DIR);
	const memory = raw.DATABASE_URL?.startsWith("memory://") ?? false;
	return {
		...raw,
		dataDir,
		generatedSecrets: (["JWT_SECRET", "CREDENTIALS_KEY"] as const).filter((name) => raw[name] === undefined),
		JWT_SECRET: raw.JWT_SECRET ?? persistedSecret(dataDir, "jwt-secret", 48, memory),
		CREDENTIALS_KEY: raw.CREDENTIALS_KEY ?? persistedSecret(dataDir, "credentials-key", 32, memory),
	};
}

/** A random secret generated on first start and reused on later starts, so tokens and
 * encrypted credentials survive a restart. In memory mode nothing is written to disk. */
function persistedSecret(dataDir: string, name: string, bytes: number, memory: boolean): string {
	if (memory) return randomBytes(bytes).toString("hex");
	const file = join(dataDir, "secrets", name);
	if (existsSync(file)) return readFileSync(file, "utf8").trim();
	mkdirSync(join(dataDir, "secrets"), { recursive: true, mode: 0o700 });
	const secret = randomBytes(bytes).toString("hex");
	writeFileSync(file, secret + "\n", { mode: 0o600 });
	return secret;
}
