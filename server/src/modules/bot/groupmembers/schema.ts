import { Type } from "@sinclair/typebox";

/** Any value is accepted: only `1` / `true` / `yes` include guests (the spec lists no 400 here). */
export const GroupMembersQuery = Type.Object({
	includeGuestRank: Type.Optional(Type.String({ description: "`1` / `true` / `yes` include Guest (rank 0) rows; default off." })),
});

export const GroupMemberSchema = Type.Object({ userId: Type.String(), username: Type.String(), role: Type.String() });

export const GroupMembersData = Type.Object({
	members: Type.Array(GroupMemberSchema),
	count: Type.Integer(),
	includeGuestRank: Type.Boolean(),
});

export const includesGuests = (value: string | undefined): boolean => ["1", "true", "yes"].includes((value ?? "").trim().toLowerCase());
