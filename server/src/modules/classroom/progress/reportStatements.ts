import type { Tx } from "../../../db/client.js";
import { statement } from "../../../db/rows.js";

/**
 * The two statements of a progress batch, as fixed texts (see db/rows.ts `statement`): a batch
 * of 20 reports through drizzle's builders cost more CPU than everything else in the request
 * (180 bound values rendered, serialised and mapped back one by one). Here a batch travels as
 * one JSON value, and times as whole epoch milliseconds, as JS Dates hold them.
 */

/** What the checks of a batch need: the caller's sessions among the batch's, and their rosters. */
export interface BatchState {
	sessions: Map<string, { placeId: string | null; status: "active" | "ended"; endedAt: number }>;
	members: Map<string, { leftAt: number | null }>;
}

export const memberKey = (sessionId: string, playerId: string) => `${sessionId}|${playerId}`;

export async function readBatchState(tx: Tx, schoolId: string, sessionIds: string[], playerIds: string[]): Promise<BatchState> {
	const [row] = await readState(tx, [JSON.stringify(sessionIds), schoolId, JSON.stringify(playerIds)]);
	return {
		sessions: new Map((row?.sessions ?? []).map(([id, placeId, status, endedAt]) => [id, { placeId, status, endedAt }])),
		members: new Map((row?.members ?? []).map(([sessionId, playerId, leftAt]) => [memberKey(sessionId, playerId), { leftAt }])),
	};
}

export interface NewReport {
	player_id: string;
	session_id: string;
	lesson_id: string;
	progress: number;
	score: number;
	achievements: string[];
	/** ISO time, already normalised through a JS Date (the stored instant, whole milliseconds). */
	at: string;
}

/** Inserts the reports not recorded before; returns the ones it inserted (`at` in epoch ms). */
export async function insertReports(tx: Tx, schoolId: string, recordedAt: Date, reports: NewReport[]) {
	return insert(tx, [schoolId, recordedAt.toISOString(), JSON.stringify(reports)]);
}

/** $1 session ids (JSON array), $2 school, $3 player ids (JSON array). endedAt: ended_at, else expires_at. */
const readState = statement<{ sessions: [string, string | null, "active" | "ended", number][] | null; members: [string, string, number | null][] | null }>(`
	select
		(select json_agg(json_build_array(s.id, s.place_id, s.status, floor(extract(epoch from coalesce(s.ended_at, s.expires_at)) * 1000)))
			from classroom_sessions s where s.id in (select json_array_elements_text($1::json)) and s.school_id = $2) as sessions,
		(select json_agg(json_build_array(p.session_id, p.player_id, floor(extract(epoch from p.left_at) * 1000)))
			from classroom_session_players p
			where p.session_id in (select json_array_elements_text($1::json)) and p.player_id in (select json_array_elements_text($3::json))) as members`);

/** $1 school, $2 recorded at, $3 the reports (JSON array of NewReport). Retries collapse on (player, session, at). */
const insert = statement<{ player_id: string; session_id: string; at_ms: number }>(`
	insert into classroom_progress_events (school_id, player_id, session_id, lesson_id, progress, score, achievements, at, recorded_at)
	select $1::uuid, r.player_id, r.session_id, r.lesson_id, r.progress, r.score, r.achievements, r.at, $2::timestamptz
	from json_to_recordset($3::json) as r(player_id text, session_id text, lesson_id text, progress int, score int, achievements jsonb, at timestamptz)
	on conflict do nothing
	returning player_id, session_id, floor(extract(epoch from at) * 1000)::float8 as at_ms`);
