import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client.js";
import { lessonContents } from "./tables.js";
import type { LessonContent, LessonRequest } from "./types.js";

/**
 * Stores generated lessons by id, each owned by one school: a `get` with another school's id
 * finds nothing, so callers answer 404 without revealing that the id exists.
 */
export interface StoredContent {
	id: string;
	schoolId: string | null;
	request: LessonRequest;
	content: LessonContent;
	seed: number | null;
	createdBy: string | null;
	createdAt: Date;
}

export interface SaveContentInput {
	schoolId: string | null;
	request: LessonRequest;
	content: LessonContent;
	seed?: number;
	createdBy?: string;
	/** Given by callers that must know the id before saving; defaults to a fresh `content_<hex>`. */
	id?: string;
}

export interface ContentStore {
	save(input: SaveContentInput): Promise<StoredContent>;
	get(id: string, schoolId: string | null): Promise<StoredContent | undefined>;
}

export const newContentId = (): string => `content_${randomBytes(8).toString("hex")}`;

/** Pass a transaction to save together with other writes. */
export function createContentStore(db: Db | Tx): ContentStore {
	return {
		async save(input) {
			const [row] = await db
				.insert(lessonContents)
				.values({
					id: input.id ?? newContentId(),
					schoolId: input.schoolId,
					request: input.request,
					content: input.content,
					seed: input.seed ?? null,
					createdBy: input.createdBy ?? null,
				})
				.returning();
			return row;
		},
		async get(id, schoolId) {
			const [row] = await db
				.select()
				.from(lessonContents)
				.where(and(eq(lessonContents.id, id), schoolId ? eq(lessonContents.schoolId, schoolId) : isNull(lessonContents.schoolId)));
			return row;
		},
	};
}
