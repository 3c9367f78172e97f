import type { preHandlerAsyncHookHandler } from "fastify";
import type { Role } from "../../../db/tables.js";
import { forbidden, unauthorized } from "../../../http/errors.js";

/**
 * The platform's one permission map. Routes ask `requirePermission("lessons.manage")` (or
 * `can(role, p)` inside a handler) instead of listing roles, so who-may-do-what is decided here
 * and shown to clients by GET /v2/roles and GET /v2/permissions.
 *
 * A permission says what a role may do at all; *whose* data it may touch is scoped by the
 * service: teachers act inside their own school, students on themselves and the classes they
 * are enrolled in, parents on the students linked to them (guardianships). Admins are global.
 */
export const PERMISSIONS = {
	"users.read": "Read user profiles (teachers: users of their own school)",
	"users.manage": "Create, update, disable and delete any user",
	"roles.read": "List roles and permissions",
	"schools.read": "Read schools (teachers: their own school)",
	"schools.manage": "Create, update and delete schools",
	"classes.read": "Read classes (teachers: their school's; students: their own)",
	"classes.manage": "Create, update and delete classes, regenerate join codes (teachers: in their school)",
	"classes.join": "Join a class with its join code",
	"enrollments.manage": "Add and remove students of a class (teachers: in their school)",
	"guardians.manage": "Link parents to students (teachers: students of their school)",
	"lessons.read": "Read lessons",
	"lessons.manage": "Create, update, delete and generate lessons",
	"quizzes.read": "Read quizzes and assessments",
	"quizzes.manage": "Create, update and delete quizzes and assessments",
	"quizzes.submit": "Submit answers to a quiz",
	"progress.read_own": "Read one's own progress",
	"progress.read_class": "Read the progress of the students of one's classes",
	"progress.read_children": "Read the progress of linked students",
	"progress.write": "Record progress",
	"analytics.read": "Read analytics overviews, metrics and reports",
	"messages.send": "Send and read messages",
	"notifications.read": "Read notifications and mark them read",
	"system.read": "Read detailed system health and configuration",
	"system.manage": "Change system configuration",
	"audit.read": "Read the audit log",
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

const EVERYONE: Permission[] = ["roles.read", "lessons.read", "quizzes.read", "messages.send", "notifications.read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
	admin: PERMISSION_NAMES,
	teacher: [
		...EVERYONE,
		"users.read",
		"schools.read",
		"classes.read",
		"classes.manage",
		"enrollments.manage",
		"guardians.manage",
		"lessons.manage",
		"quizzes.manage",
		"progress.read_class",
		"analytics.read",
	],
	student: [...EVERYONE, "classes.read", "classes.join", "quizzes.submit", "progress.read_own", "progress.write"],
	parent: [...EVERYONE, "progress.read_children"],
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
	admin: "Runs the platform: every school, user and setting",
	teacher: "Runs classes in their school: lessons, quizzes, enrollments, results",
	student: "Joins classes with a join code, takes lessons and quizzes (no email collected)",
	parent: "Follows the progress of the students linked to them",
};

/** Whether `role` holds `permission`. */
export function can(role: Role | undefined, permission: Permission): boolean {
	return role !== undefined && ROLE_PERMISSIONS[role].includes(permission);
}

/** Route guard: 401 without a valid access token, 403 unless the caller's role holds every permission given. */
export function requirePermission(...permissions: Permission[]): preHandlerAsyncHookHandler {
	return async (request) => {
		const user = request.user;
		if (!user) throw unauthorized();
		const missing = permissions.find((p) => !can(user.role, p));
		if (missing) throw forbidden(`Requires permission ${missing}`);
	};
}
