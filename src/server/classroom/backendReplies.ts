import { t } from "@rbxts/t";

/**
 * What each backend route answers on success (server/src/modules/classroom), as `t` checks. A
 * reply that does not match (an empty object, an array, wrong types, an HTML error page from a
 * proxy) is treated as "no usable data": BackendClient logs it and callers carry on without it,
 * so no value from the network reaches game arithmetic unchecked.
 */
export const isSessionCreated = t.interface({ sessionId: t.string, expiresAt: t.optional(t.string) });

export const isAnswerScored = t.interface({
	correct: t.boolean,
	points: t.number,
	streak: t.number,
	streakBonus: t.number,
	alreadyAnswered: t.boolean,
});

export const isAnswerItemResult = t.interface({
	status: t.number,
	result: t.optional(isAnswerScored),
	error: t.optional(t.interface({ code: t.string })),
});

export const isAnswerResults = t.interface({ results: t.array(isAnswerItemResult) });

export const isPlaceContent = t.interface({ contentId: t.string, etag: t.string });

/** The lesson itself is checked by ContentService (isLessonContent) before it is used. */
export const isContentReply = t.interface({ contentId: t.string, content: t.any });

export const isTeacherReply = t.interface({ isTeacher: t.boolean });
