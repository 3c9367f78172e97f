import { Type } from "@sinclair/typebox";

/** Shared pieces of the classroom schemas. */

export const PlayerId = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_:.-]+$" });
export const SessionId = Type.String({ minLength: 1, maxLength: 64 });
export const SessionParams = Type.Object({ session_id: SessionId });
export const PlayerParams = Type.Object({ player_id: PlayerId });

export const security: { [name: string]: string[] }[] = [{ bearerAuth: [] }, { apiKey: [] }];
