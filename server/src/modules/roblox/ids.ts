import { randomBytes } from "node:crypto";

/** Public ids of this API (`session_…`, `gen_…`, `proj_…`): 96 random bits, URL and channel-name safe. */
export const newId = (prefix: "session" | "gen" | "proj" | "content"): string => `${prefix}_${randomBytes(12).toString("hex")}`;
