import { Type } from "@sinclair/typebox";
import { Millis, Uuid } from "../schema.js";

export const ProjectSchema = Type.Object({ id: Uuid, name: Type.String(), owner_id: Type.Union([Uuid, Type.Null()]), created_at: Millis });
export const OwnerKeySchema = Type.Object({
	id: Uuid,
	project_id: Uuid,
	name: Type.String(),
	hint: Type.String({ description: "First 9 characters, safe to show" }),
	created_at: Millis,
	revoked_at: Type.Union([Millis, Type.Null()]),
});
export const MintedOwnerKeySchema = Type.Object({
	...OwnerKeySchema.properties,
	key: Type.String({ description: "The owner API key (`lo_...`). Shown once: only its SHA-256 digest is stored" }),
});
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" });
export const CreateProjectBody = Type.Object({ name: Name }, { additionalProperties: false });
export const MintKeyBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export const ProjectParams = Type.Object({ project_id: Uuid });
export const OwnerKeyParams = Type.Object({ project_id: Uuid, key_id: Uuid });
