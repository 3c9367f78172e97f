import { Type } from "@sinclair/typebox";

/** Shared schema pieces of the Roblox v1 API. */

export const security = [{ bearerAuth: [] }];

export { RobloxErrorEnvelope as ErrorResponse } from "../../http/envelope.js";

export const SessionId = Type.String({ pattern: "^session_[0-9a-f]{24}$", description: "A conversation session id" });
