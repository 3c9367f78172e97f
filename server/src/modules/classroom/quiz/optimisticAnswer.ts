import type { Db, Tx } from "../../../db/client.js";
import { statement } from "../../../db/rows.js";
import { AppError } from "../../../http/errors.js";
import type { LessonContent } from "../../content/index.js";
import type { Caller } from "../caller.js";
import { assertActive, assertPlaceMayUse, sessionQuestion } from "../sessions/service.js";
import type { SessionSettings } from "../tables.js";
import { alreadyAnswered, optionOf, playerLeft, playerNotJoined, questionClosed, questionNotFound, questionNotOpen, reportedElapsed, resultOf, type StoredAnswer } from "./answerRules.js";
import { rescore, speedPoints } from "./scoring.js";
import type { Answer, AnswerContext, Scored } from "./service.js";
import type { CachedContent, SessionContents } from "./sessionContents.js";

/**
 * Scores an answer in two statements and no transaction: one read of everything the score
 * depends on (session, lesson version, player, their answers, the openings), one write that
 * applies only if the player's row is still the version that was read. The locked path
 * (service.ts) does the same work in ~10 statements holding the player's row.
 *
 * Why this is exactly as safe: every scored answer updates its player's row, so a player row
 * version (xmin) that is unchanged at write time means no answer of that player was recorded
 * since the read. The write is one statement, so its version check, the insert, the streak
 * fixes and the new totals are atomic; an UPDATE that meets a concurrent change waits for it and
 * re-checks the newest row (READ COMMITTED), so two answers for one player never both apply
 * against the same read. The loser reads again (it may then be a replay or 409
 * ALREADY_ANSWERED); after ATTEMPTS lost races the locked path takes over.
 *
 * Returns undefined whenever the answer is not the plain case (any refusal: unknown session,
 * question or option, player not joined or left, session over, question not open or closed,
 * a different answer already recorded): the locked path then decides from fresh state and gives
 * the exact error, so the two paths cannot disagree on refusals.
 */
export async function scoreOptimistically(ctx: AnswerContext, caller: Caller, body: Answer, now: number, answeredAt: number | undefined): Promise<Scored | undefined> {
	for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
		const outcome = ctx.queuedTransactions
			? await ctx.db.transaction((tx) => attemptOnce(tx, ctx.contents, caller, body, now, answeredAt))
			: await attemptOnce(ctx.db, ctx.contents, caller, body, now, answeredAt);
		if (outcome !== RACED) return outcome;
	}
	return undefined;
}

const ATTEMPTS = 3;
const RACED = Symbol("raced");

/** The one row the read returns (no row: no such session in the caller's school). */
interface Snapshot {
	place_id: string | null;
	status: "active" | "ended";
	expires_ms: number;
	settings: SessionSettings;
	content_id: string;
	content_version: string;
	/** null when the cached copy's version is current (not sent again). */
	content: LessonContent | string | null;
	/** null: the player never joined. */
	player_version: string | null;
	left_session: boolean | null;
	/** [question_id, option_index, correct, points, streak_bonus, streak, elapsed_ms] per answer of the player. */
	answers: [string, number, boolean, number, number, number, number][] | null;
	/** Every opened question of the session. */
	opened: string[] | null;
	/** The answered question's opening (null: not opened). */
	opened_ms: number | null;
	reported_opened_ms: number | null;
}

async function attemptOnce(db: Db | Tx, contents: SessionContents, caller: Caller, body: Answer, now: number, answeredAt: number | undefined): Promise<Scored | undefined | typeof RACED> {
	const cached = contents.get(body.sessionId);
	const [row] = await readSnapshot(db, [body.sessionId, caller.schoolId, body.playerId, cached?.contentId ?? "", cached?.version ?? "", body.questionId]);
	if (!row) return undefined;
	try {
		assertPlaceMayUse(caller, { placeId: row.place_id }, "sessionId");
		const lesson = row.content === null && cached ? cached : contents.remember(body.sessionId, row.content_id, row.content_version, parsed(row.content));
		const questions = lesson.content.quiz.questions;
		const index = lesson.positions.get(body.questionId);
		if (index === undefined) throw questionNotFound();
		const question = questions[index];
		const next = questions[index + 1];
		const nextQuestion = next ? sessionQuestion(next, row.settings) : null;
		const optionIndex = optionOf(question, body.answer);
		if (row.player_version === null) throw playerNotJoined();

		const stored = (row.answers ?? []).map(([questionId, optionIndex, correct, points, streakBonus, streak, elapsedMs]): StoredAnswer => ({ questionId, optionIndex, correct, points, streakBonus, streak, elapsedMs }));
		const previous = stored.find((a) => a.questionId === question.id);
		if (previous) {
			if (previous.optionIndex !== optionIndex) throw alreadyAnswered();
			return { ...resultOf(previous, question, nextQuestion), alreadyAnswered: true };
		}

		if (row.left_session) throw playerLeft();
		assertActive({ status: row.status, expiresAt: new Date(row.expires_ms) }, now);
		const openedAt = row.opened_ms;
		if (openedAt === null) throw questionNotOpen();
		const limitMs = row.settings.questionTimeLimit * 1000;
		const elapsedMs = answeredAt === undefined ? now - openedAt : reportedElapsed(answeredAt, { openedAt, reportedOpenedAt: row.reported_opened_ms });
		if (elapsedMs > limitMs) throw questionClosed(row.settings.questionTimeLimit);

		const correct = optionIndex === question.correct;
		const fresh: StoredAnswer = { questionId: question.id, optionIndex, correct, points: correct ? speedPoints(question.points, elapsedMs, limitMs) : 0, streakBonus: 0, streak: 0, elapsedMs };
		const { answers, changed, totals } = rescore(openedInOrder(lesson, new Set(row.opened)), [...stored, fresh]);
		const scored = { ...fresh, ...answers.find((a) => a.questionId === question.id)! };
		const rescored = changed.filter((a) => a.questionId !== question.id).map((a) => ({ question_id: a.questionId, streak: a.streak, streak_bonus: a.streakBonus, points: a.points }));
		const [written] = await writeAnswer(db, [
			body.sessionId,
			body.playerId,
			row.player_version,
			totals.score,
			totals.correctCount,
			totals.streak,
			scored.questionId,
			scored.optionIndex,
			scored.correct,
			scored.points,
			scored.streakBonus,
			scored.streak,
			scored.elapsedMs,
			new Date(now).toISOString(),
			JSON.stringify(rescored),
		]);
		if (!written?.written) return RACED;
		return { ...resultOf(scored, question, nextQuestion), alreadyAnswered: false };
	} catch (error) {
		if (error instanceof AppError) return undefined;
		throw error;
	}
}

function openedInOrder(lesson: CachedContent, opened: Set<string>): string[] {
	return lesson.content.quiz.questions.map((q) => q.id).filter((id) => opened.has(id));
}

function parsed(content: Snapshot["content"]): LessonContent {
	return typeof content === "string" ? (JSON.parse(content) as LessonContent) : (content as LessonContent);
}

/**
 * Everything an answer's score depends on, as of one snapshot. Times come back as whole epoch
 * milliseconds (what a JS Date of the column holds), answers and the opened questions as JSON arrays (one
 * value to parse instead of one row each). The lesson comes back only when the caller's cached
 * copy ($4, $5) is not the current version of that row.
 * $1 session, $2 school, $3 player, $4 cached content id, $5 cached content version, $6 question.
 */
const readSnapshot = statement<Snapshot>(`
	select s.place_id, s.status, floor(extract(epoch from s.expires_at) * 1000)::float8 as expires_ms, s.settings, s.content_id,
		c.xmin::text as content_version,
		case when c.id = $4 and c.xmin::text = $5 then null else c.content end as content,
		p.xmin::text as player_version,
		p.left_at is not null as left_session,
		(select json_agg(json_build_array(a.question_id, a.option_index, a.correct, a.points, a.streak_bonus, a.streak, a.elapsed_ms))
			from classroom_quiz_answers a where a.session_id = s.id and a.player_id = p.player_id) as answers,
		(select json_agg(o.question_id) from classroom_question_openings o where o.session_id = s.id) as opened,
		floor(extract(epoch from t.opened_at) * 1000)::float8 as opened_ms,
		floor(extract(epoch from t.reported_opened_at) * 1000)::float8 as reported_opened_ms
	from classroom_sessions s
	join lesson_contents c on c.id = s.content_id
	left join classroom_session_players p on p.session_id = s.id and p.player_id = $3
	left join classroom_question_openings t on t.session_id = s.id and t.question_id = $6
	where s.id = $1 and s.school_id = $2`);

/**
 * The new totals, the answer and the streak fixes, all conditional on the player's row still
 * being the version read ($3): `written` is 1 when they were applied, 0 when the player changed
 * since the read (nothing is written then).
 * $1 session, $2 player, $3 player version, $4-$6 score, correct count, streak,
 * $7-$13 the answer (question, option, correct, points, bonus, streak, elapsed ms), $14 answered at,
 * $15 the other answers whose streak changed: JSON [{question_id, streak, streak_bonus, points}].
 */
const writeAnswer = statement<{ written: number }>(`
	with player as (
		update classroom_session_players set score = $4, correct_count = $5, streak = $6
		where session_id = $1 and player_id = $2 and xmin::text = $3
		returning 1
	), answer as (
		insert into classroom_quiz_answers (session_id, player_id, question_id, option_index, correct, points, streak_bonus, streak, elapsed_ms, answered_at)
		select $1, $2, $7::text, $8::int, $9::boolean, $10::int, $11::int, $12::int, $13::int, $14::timestamptz
		from player
		returning 1
	), rescored as (
		update classroom_quiz_answers q set streak = v.streak, streak_bonus = v.streak_bonus, points = v.points
		from json_to_recordset($15::json) as v(question_id text, streak int, streak_bonus int, points int), player
		where q.session_id = $1 and q.player_id = $2 and q.question_id = v.question_id
		returning 1
	)
	select count(*)::int as written from player`);
