/**
 * Migration sets in the order they must apply: core first, then modules whose tables
 * reference core. `npm run db:generate -w server` regenerates each folder from its schema.
 */
export const MIGRATION_SETS = [
	{ name: "core", schema: "src/db/tables.ts", folder: "drizzle/core" },
	{ name: "platform_system", schema: "src/modules/platform/system/tables.ts", folder: "drizzle/platform_system" },
	{ name: "platform_learning", schema: "src/modules/platform/learningTables.ts", folder: "drizzle/platform_learning" },
	{ name: "roblox", schema: "src/modules/roblox/tables.ts", folder: "drizzle/roblox" },
	{ name: "bot", schema: "src/modules/bot/tables.ts", folder: "drizzle/bot" },
	{ name: "licensing", schema: "src/modules/licensing/tables.ts", folder: "drizzle/licensing" },
	{ name: "content", schema: "src/modules/content/tables.ts", folder: "drizzle/content" },
	{ name: "classroom", schema: "src/modules/classroom/tables.ts", folder: "drizzle/classroom" },
	{ name: "idempotency", schema: "src/http/idempotency/tables.ts", folder: "drizzle/idempotency" },
] as const satisfies readonly { name: string; schema: string; folder: string }[];
