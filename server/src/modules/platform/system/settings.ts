import { Type, type Static } from "@sinclair/typebox";
import { inArray } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db, Tx } from "../../../db/client.js";
import { audit } from "../../../http/audit.js";
import { systemSettings } from "./tables.js";

/**
 * The documented run-time settings (GET/PATCH /v2/system/config). Only these keys exist; a key
 * never written reads as its default. Each is enforced where it matters:
 * - registration_open: POST /v2/auth/register answers 403 when false.
 * - student_self_join: students may register or join a class by join code (POST /v2/classes/join)
 *   only when true; teachers can still enroll students.
 * - max_students_per_class: enrollments beyond it answer 409.
 * - maintenance_message: shown to clients by GET /v2/system/config; informational.
 * The schemas carry no `default`: the validator would fill defaults into a PATCH body.
 */
export const SETTING_SCHEMAS = {
	registration_open: Type.Boolean({ description: "Whether teachers, parents and students may self-register" }),
	student_self_join: Type.Boolean({ description: "Whether students may register or join classes with a join code" }),
	max_students_per_class: Type.Integer({ minimum: 1, maximum: 1000, description: "Enrollment cap per class" }),
	maintenance_message: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: "Banner text for clients, or null" }),
};

export const SettingsSchema = Type.Object(SETTING_SCHEMAS, { additionalProperties: false });
export type Settings = Static<typeof SettingsSchema>;
export const SettingsPatchSchema = Type.Partial(SettingsSchema, { additionalProperties: false, minProperties: 1 });

export const DEFAULT_SETTINGS: Settings = {
	registration_open: true,
	student_self_join: true,
	max_students_per_class: 200,
	maintenance_message: null,
};
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

/** Current settings; a key absent from the table reads as its default. */
export async function readSettings(db: Db | Tx): Promise<Settings> {
	const rows = await db.select().from(systemSettings).where(inArray(systemSettings.key, SETTING_KEYS));
	const settings = { ...DEFAULT_SETTINGS } as Record<SettingKey, unknown>;
	for (const row of rows) settings[row.key as SettingKey] = row.value;
	return settings as Settings;
}

export async function readSetting<K extends SettingKey>(db: Db | Tx, key: K): Promise<Settings[K]> {
	return (await readSettings(db))[key];
}

/** Writes the given keys (already validated by SettingsPatchSchema) and audits the change. */
export async function writeSettings(db: Db, request: FastifyRequest, patch: Partial<Settings>): Promise<Settings> {
	return db.transaction(async (tx) => {
		const before = await readSettings(tx);
		for (const [key, value] of Object.entries(patch)) {
			await tx
				.insert(systemSettings)
				.values({ key, value, updatedBy: request.user?.id ?? null, updatedAt: new Date() })
				.onConflictDoUpdate({ target: systemSettings.key, set: { value, updatedBy: request.user?.id ?? null, updatedAt: new Date() } });
		}
		const changes = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { from: before[k as SettingKey], to: v }]));
		await audit(tx, request, { action: "system.config.update", targetType: "system_config", targetId: null, schoolId: null, details: changes });
		return { ...before, ...patch };
	});
}
