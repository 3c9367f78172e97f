import { Type, type Static } from "@sinclair/typebox";
import { ROLES, TIERS } from "../../../db/tables.js";
import { PageNumber } from "../../../http/schemaTypes.js";

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const TierSchema = Type.Union(TIERS.map((t) => Type.Literal(t)));

/** A user as the API shows it. Students have no email. */
export const UserSchema = Type.Object(
	{
		id: Type.String({ format: "uuid" }),
		email: Type.Union([Type.String(), Type.Null()]),
		username: Type.String(),
		display_name: Type.String(),
		role: RoleSchema,
		school_id: Type.Union([Type.String(), Type.Null()]),
		tier: TierSchema,
		roblox_user_id: Type.Union([Type.String(), Type.Null()]),
		status: Type.String(),
		created_at: Type.String({ format: "date-time" }),
	},
	{ $id: "User" },
);
export type UserDto = Static<typeof UserSchema>;

/** Inputs. Students never carry an email (children's privacy): the services refuse one. */
export const EmailInput = Type.String({ format: "email", minLength: 3, maxLength: 254 });
export const UsernameInput = Type.String({ pattern: "^[A-Za-z0-9_.-]{3,32}$", description: "3-32 letters, digits, _ . -" });
export const PasswordInput = Type.String({ minLength: 8, maxLength: 256 });
export const DisplayNameInput = Type.String({ minLength: 1, maxLength: 100, pattern: "\\S" });
export const RobloxUserIdInput = Type.String({ pattern: "^[0-9]{1,20}$" });
const Uuid = Type.String({ format: "uuid" });

export const CreateUserBody = Type.Object(
	{
		role: RoleSchema,
		display_name: DisplayNameInput,
		password: PasswordInput,
		email: Type.Optional(EmailInput),
		/** Required for students; defaults to the email for everyone else. */
		username: Type.Optional(UsernameInput),
		school_id: Type.Optional(Type.Union([Uuid, Type.Null()])),
		/** Defaults to the school's tier. */
		tier: Type.Optional(TierSchema),
		roblox_user_id: Type.Optional(RobloxUserIdInput),
	},
	{ additionalProperties: false },
);
export type CreateUserInput = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
	{
		display_name: Type.Optional(DisplayNameInput),
		email: Type.Optional(Type.Union([EmailInput, Type.Null()])),
		username: Type.Optional(UsernameInput),
		role: Type.Optional(RoleSchema),
		school_id: Type.Optional(Type.Union([Uuid, Type.Null()])),
		tier: Type.Optional(TierSchema),
		/** `disabled` signs the user out everywhere (refresh tokens revoked). */
		status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("disabled")])),
		password: Type.Optional(PasswordInput),
		roblox_user_id: Type.Optional(Type.Union([RobloxUserIdInput, Type.Null()])),
	},
	{ additionalProperties: false },
);
export type UpdateUserInput = Static<typeof UpdateUserBody>;

export const UpdateMeBody = Type.Object(
	{
		display_name: Type.Optional(DisplayNameInput),
		/** Not for students. Changing it needs current_password. */
		email: Type.Optional(EmailInput),
		current_password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
		/** Needs current_password; signs out every other session (refresh tokens revoked). */
		new_password: Type.Optional(PasswordInput),
	},
	{ additionalProperties: false, minProperties: 1 },
);
export type UpdateMeInput = Static<typeof UpdateMeBody>;

export const UserListQuery = Type.Object({
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
	role: Type.Optional(RoleSchema),
	school_id: Type.Optional(Uuid),
	status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("disabled")])),
	/** Matches display name, username or email (case-insensitive substring). */
	q: Type.Optional(Type.String({ maxLength: 200 })),
});
export const UserParams = Type.Object({ id: Uuid });
export const GuardianBody = Type.Object({ parent_id: Uuid }, { additionalProperties: false });
export const GuardianParams = Type.Object({ id: Uuid, parent_id: Uuid });

export const GuardianshipSchema = Type.Object({ parent_id: Uuid, student_id: Uuid, created_at: Type.String({ format: "date-time" }) });

/** GET /v2/users/{id}/analytics. Counts come from the audit log, classes and enrollments;
 * `progress` is filled by the progress area when it registers a provider (users/analyticsProviders.ts). */
export const UserAnalyticsSchema = Type.Object({
	user_id: Uuid,
	role: RoleSchema,
	logins: Type.Object({ total: Type.Integer(), last_login_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]) }),
	activity: Type.Object({ writes: Type.Integer(), last_active_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]) }),
	/** Students: classes enrolled in. Teachers: classes they teach. Others: 0. */
	classes: Type.Integer(),
	/** Teachers: distinct students across their classes. Parents: linked students. Others: 0. */
	students: Type.Integer(),
	/** Students: linked parents. Others: 0. */
	guardians: Type.Integer(),
	progress: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
	generated_at: Type.String({ format: "date-time" }),
});
