import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import type { CoreServices } from "./http/context.js";
import { DependencyHealth } from "./http/dependencyHealth.js";
import { createSharedRedis, firstConnection } from "./http/sharedRedis.js";
import { AuthEpochs } from "./http/authEpochs.js";
import { TokenService } from "./http/tokens.js";
import { createJobQueue } from "./jobs/queue.js";
import { createHub } from "./realtime/hub.js";
import { CredentialCipher } from "./security/crypto.js";
import { checkSharedSecrets } from "./security/sharedSecrets.js";
import { OutboundHttp, type Resolve } from "./security/outbound/outboundHttp.js";

/** Opens storage, runs migrations and wires the core services the modules share. */
export async function createCoreServices(
	config: Config,
	overrides: { database?: Database; clock?: () => number; resolve?: Resolve; command?: string } = {},
): Promise<CoreServices & { close(): Promise<void> }> {
	const database = overrides.database ?? (await openConfiguredDatabase(config, overrides.command));
	try {
		await migrateDatabase(database);
		await checkSharedSecrets(database.db, config);
	} catch (error) {
		if (!overrides.database) await database.close().catch(() => {});
		throw error;
	}
	const hub = createHub(config.REDIS_URL, config.REDIS_KEY_PREFIX);
	const jobs = createJobQueue(config.REDIS_URL, config.REDIS_KEY_PREFIX);
	const dependencies = new DependencyHealth();
	const redis = config.REDIS_URL ? createSharedRedis(config.REDIS_URL, dependencies) : undefined;
	if (redis) await firstConnection(redis, 1000);
	const outbound = new OutboundHttp({ allowLoopback: config.OUTBOUND_ALLOW_LOOPBACK, resolve: overrides.resolve });
	const authEpochs = new AuthEpochs(database.db, hub);
	return {
		config,
		database,
		hub,
		jobs,
		cipher: new CredentialCipher(config.CREDENTIALS_KEY),
		authEpochs,
		tokens: new TokenService(database.db, config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS, config.REFRESH_TOKEN_TTL_SECONDS, authEpochs),
		clock: overrides.clock ?? Date.now,
		outbound,
		redis,
		dependencies,
		async close() {
			await outbound.close();
			redis?.disconnect();
			authEpochs.close();
			await jobs.close();
			await hub.close();
			if (!overrides.database) await database.close();
		},
	};
}

/** The database the configuration names, with its timeouts and the DATA_DIR lock owner recorded as `command`. */
export function openConfiguredDatabase(config: Config, command = "server"): Promise<Database> {
	return openDatabase({
		url: config.DATABASE_URL,
		dataDir: config.dataDir,
		command,
		connectTimeoutSeconds: config.DB_CONNECT_TIMEOUT_SECONDS,
		statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
		writeWaitMs: config.PGLITE_WRITE_WAIT_MS,
	});
}
