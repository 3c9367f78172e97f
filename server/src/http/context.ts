import type { Redis } from "ioredis";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import type { JobQueue } from "../jobs/queue.js";
import type { Hub } from "../realtime/hub.js";
import type { CredentialCipher } from "../security/crypto.js";
import type { OutboundHttp } from "../security/outbound/outboundHttp.js";
import type { DependencyHealth } from "./dependencyHealth.js";
import type { AuthEpochs } from "./authEpochs.js";
import type { Principal, TokenService } from "./tokens.js";

/** What every module receives from the core, as Fastify decorators. */
export interface CoreServices {
	config: Config;
	database: Database;
	hub: Hub;
	jobs: JobQueue;
	cipher: CredentialCipher;
	tokens: TokenService;
	/** HTTP to URLs users choose (webhooks): refuses internal addresses, see security/outbound. */
	outbound: OutboundHttp;
	/** With REDIS_URL: the fail-fast connection request paths share (see sharedRedis.ts). */
	redis?: Redis;
	/** Dependency states for the health route (Redis, Discord...). */
	dependencies: DependencyHealth;
	/** Per-user auth epochs: who may still act, shared across processes through the hub. */
	authEpochs: AuthEpochs;
	/** Injectable clock: tests and benchmarks replace it; modules never call Date.now() directly for business time. */
	clock: () => number;
}

declare module "fastify" {
	interface FastifyInstance {
		core: CoreServices;
	}
	interface FastifyRequest {
		user?: Principal;
	}
}
