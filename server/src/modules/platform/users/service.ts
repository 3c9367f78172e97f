import { and, asc, count, eq, ilike, ne, or, sql, type SQL } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db, Tx } from "../../../db/client.js";
import { schools, users, type Tier } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { bumpAuthEpoch, type AuthEpochs } from "../../../http/authEpochs.js";
import { AppError, badRequest, conflict, notFound } from "../../../http/errors.js";
import type { Principal, TokenService } from "../../../http/tokens.js";
import { hashPassword, verifyPassword } from "../../../security/passwords.js";
import { escapeLike } from "../schools/service.js";
import { isForeignKeyViolation, isUniqueViolation } from "../system/dbErrors.js";
import { readableUser, type UserRow } from "./access.js";
import { presentUser } from "./present.js";
import type { CreateUserInput, UpdateMeInput, UpdateUserInput, UserDto } from "./schema.js";

const NO_SCHOOL = "00000000-0000-0000-0000-000000000000";

/**
 * User administration and profiles. Invariants kept on every write: students have no email;
 * emails, usernames and Roblox ids are unique (case-insensitive); a disabled, demoted, moved or
 * deleted user, or a changed password, leaves no live refresh token and moves the auth epoch on,
 * so their access tokens, the keys they minted and their open sockets stop within seconds. Passwords are hashed before the transaction opens so
 * the slow hash never holds a connection.
 */
export class UserService {
	constructor(
		private readonly db: Db,
		private readonly tokens: TokenService,
		private readonly epochs: AuthEpochs,
	) {}

	async list(caller: Principal, query: { page: number; per_page: number; role?: UserRow["role"]; school_id?: string; status?: UserRow["status"]; q?: string }) {
		const filters: SQL[] = [];
		if (caller.role !== "admin") filters.push(eq(users.schoolId, caller.schoolId ?? NO_SCHOOL));
		if (query.role) filters.push(eq(users.role, query.role));
		if (query.school_id) filters.push(eq(users.schoolId, query.school_id));
		if (query.status) filters.push(eq(users.status, query.status));
		if (query.q) {
			const term = `%${escapeLike(query.q)}%`;
			filters.push(or(ilike(users.displayName, term), ilike(users.username, term), ilike(users.email, term))!);
		}
		const where = filters.length ? and(...filters) : undefined;
		const [{ total }] = await this.db.select({ total: count() }).from(users).where(where);
		const rows = await this.db
			.select()
			.from(users)
			.where(where)
			.orderBy(asc(users.createdAt), asc(users.id))
			.limit(query.per_page)
			.offset((query.page - 1) * query.per_page);
		return { items: rows.map(presentUser), total, page: query.page, per_page: query.per_page };
	}

	async get(caller: Principal, id: string): Promise<UserDto> {
		return presentUser(await readableUser(this.db, caller, id));
	}

	async create(request: FastifyRequest, body: CreateUserInput): Promise<UserDto> {
		const email = body.email?.toLowerCase() ?? null;
		if (body.role === "student" && email) throw badRequest("Students are created without an email", { field: "email", issue: "not allowed for students" });
		if (body.role !== "student" && !email) throw badRequest("body.email is required", { field: "email", issue: "required" });
		if (body.role === "student" && !body.username) throw badRequest("body.username is required for students", { field: "username", issue: "required" });
		const username = body.username ?? email!;
		const schoolId = body.school_id ?? null;
		const schoolTier = schoolId ? await this.schoolTier(this.db, schoolId) : "standard";
		const tier = body.tier ?? schoolTier;
		await this.assertUnique(this.db, { email, username, robloxUserId: body.roblox_user_id ?? null });
		const passwordHash = await hashPassword(body.password);
		return this.uniqueWrite(() =>
			this.db.transaction(async (tx) => {
				const [row] = await tx
					.insert(users)
					.values({ email, username, displayName: body.display_name.trim(), passwordHash, role: body.role, schoolId, tier, robloxUserId: body.roblox_user_id ?? null })
					.returning();
				await audit(tx, request, { action: "user.create", targetType: "user", targetId: row.id, schoolId, details: { role: row.role, username } });
				return presentUser(row);
			}),
		);
	}

	async update(request: FastifyRequest, caller: Principal, id: string, body: UpdateUserInput): Promise<UserDto> {
		const [current] = await this.db.select().from(users).where(eq(users.id, id));
		if (!current) throw notFound("User");
		if (id === caller.id && ((body.role && body.role !== current.role) || body.status === "disabled")) {
			throw conflict("You cannot demote or disable your own account", { field: body.status === "disabled" ? "status" : "role" });
		}
		const role = body.role ?? current.role;
		const email = body.email === undefined ? current.email : body.email?.toLowerCase() ?? null;
		if (role === "student" && email) throw badRequest("Students have no email", { field: "email", issue: "not allowed for students" });
		const schoolId = body.school_id === undefined ? current.schoolId : body.school_id;
		const schoolTier = body.school_id ? await this.schoolTier(this.db, body.school_id) : undefined;
		const tier = body.tier ?? schoolTier;
		await this.assertUnique(this.db, { email, username: body.username ?? null, robloxUserId: body.roblox_user_id ?? null }, id);
		const passwordHash = body.password ? await hashPassword(body.password) : undefined;
		const patch = {
			...(body.display_name !== undefined && { displayName: body.display_name.trim() }),
			...(body.email !== undefined && { email }),
			...(body.username !== undefined && { username: body.username }),
			...(body.role !== undefined && { role }),
			...(body.school_id !== undefined && { schoolId }),
			...(tier !== undefined && { tier }),
			...(body.status !== undefined && { status: body.status }),
			...(body.roblox_user_id !== undefined && { robloxUserId: body.roblox_user_id }),
			...(passwordHash !== undefined && { passwordHash }),
		};
		const authorityChanged =
			(body.status !== undefined && body.status !== current.status) ||
			(body.role !== undefined && body.role !== current.role) ||
			(body.school_id !== undefined && body.school_id !== current.schoolId) ||
			passwordHash !== undefined;
		const dto = await this.uniqueWrite(() =>
			this.db.transaction(async (tx) => {
				const [row] = await tx.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, id)).returning();
				if (!row) throw notFound("User");
				if (authorityChanged) await bumpAuthEpoch(tx, id);
				const { password: _secret, ...changed } = body;
				await audit(tx, request, { action: "user.update", targetType: "user", targetId: id, schoolId: row.schoolId, details: { ...changed, ...(body.password && { password_changed: true }) } });
				return presentUser(row);
			}),
		);
		if (authorityChanged) {
			await this.tokens.revokeAllForUser(id);
			await this.epochs.changed(id);
		}
		return dto;
	}

	async remove(request: FastifyRequest, caller: Principal, id: string): Promise<void> {
		if (id === caller.id) throw conflict("You cannot delete your own account");
		try {
			await this.db.transaction(async (tx) => {
				const [row] = await tx.delete(users).where(eq(users.id, id)).returning();
				if (!row) throw notFound("User");
				await audit(tx, request, { action: "user.delete", targetType: "user", targetId: id, schoolId: row.schoolId, details: { role: row.role, username: row.username } });
			});
			await this.epochs.changed(id);
		} catch (error) {
			if (isForeignKeyViolation(error)) throw conflict("The user still owns records; disable the account instead");
			throw error;
		}
	}

	async updateMe(request: FastifyRequest, caller: Principal, body: UpdateMeInput): Promise<UserDto> {
		const [current] = await this.db.select().from(users).where(eq(users.id, caller.id));
		if (!current) throw notFound("User");
		if (body.email !== undefined && current.role === "student") throw badRequest("Students have no email", { field: "email", issue: "not allowed for students" });
		const sensitive = body.email !== undefined || body.new_password !== undefined;
		if (sensitive) {
			if (!body.current_password) throw badRequest("body.current_password is required to change email or password", { field: "current_password", issue: "required" });
			if (!current.passwordHash || !(await verifyPassword(current.passwordHash, body.current_password))) {
				throw badRequest("body.current_password is incorrect", { field: "current_password", issue: "incorrect" });
			}
		}
		const email = body.email?.toLowerCase();
		if (email) await this.assertUnique(this.db, { email, username: null, robloxUserId: null }, caller.id);
		const passwordHash = body.new_password ? await hashPassword(body.new_password) : undefined;
		const patch = {
			...(body.display_name !== undefined && { displayName: body.display_name.trim() }),
			...(email !== undefined && { email }),
			...(passwordHash !== undefined && { passwordHash }),
		};
		const dto = await this.uniqueWrite(() =>
			this.db.transaction(async (tx) => {
				const [row] = Object.keys(patch).length ? await tx.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, caller.id)).returning() : [current];
				if (passwordHash) await bumpAuthEpoch(tx, caller.id);
				await audit(tx, request, {
					action: "user.profile.update",
					targetType: "user",
					targetId: caller.id,
					schoolId: row.schoolId,
					details: { fields: Object.keys(body).filter((k) => k !== "current_password" && k !== "new_password").concat(passwordHash ? ["password"] : []) },
				});
				return presentUser(row);
			}),
		);
		if (passwordHash) {
			await this.tokens.revokeAllForUser(caller.id);
			await this.epochs.changed(caller.id);
		}
		return dto;
	}

	/** 409 naming the field when another account already holds the email, username or Roblox id. */
	async assertUnique(db: Db | Tx, values: { email: string | null; username: string | null; robloxUserId: string | null }, exceptId?: string): Promise<void> {
		const checks: [string, SQL][] = [];
		if (values.email) checks.push(["email", eq(sql`lower(${users.email})`, values.email.toLowerCase())]);
		if (values.username) checks.push(["username", eq(sql`lower(${users.username})`, values.username.toLowerCase())]);
		if (values.robloxUserId) checks.push(["roblox_user_id", eq(users.robloxUserId, values.robloxUserId)]);
		for (const [field, condition] of checks) {
			const [hit] = await db
				.select({ id: users.id })
				.from(users)
				.where(exceptId ? and(condition, ne(users.id, exceptId)) : condition);
			if (hit) throw conflict(`That ${field.replace(/_/g, " ")} is already taken`, { field });
		}
	}

	async schoolTier(db: Db | Tx, schoolId: string): Promise<Tier> {
		const [school] = await db.select({ tier: schools.tier }).from(schools).where(eq(schools.id, schoolId));
		if (!school) throw badRequest("body.school_id does not name a school", { field: "school_id", issue: "unknown school" });
		return school.tier;
	}

	/** A concurrent writer can still win the race past assertUnique: its unique violation is a 409 too. */
	private async uniqueWrite<T>(write: () => Promise<T>): Promise<T> {
		try {
			return await write();
		} catch (error) {
			if (!(error instanceof AppError) && isUniqueViolation(error)) throw conflict("That email, username or Roblox id is already taken");
			throw error;
		}
	}

}
