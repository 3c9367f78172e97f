/**
 * The least SQL each measured route must do, fixed here so the anchors cannot drift towards the
 * project (or away from it). Every anchor runs it through the same driver as the project
 * (postgres.js on PostgreSQL, PGlite embedded), on its own tables in the same database.
 *
 * - read    (anchor for GET /v2/users/me):               one primary-key SELECT.
 * - message (anchor for POST /v2/messages):              two INSERTs in one transaction.
 * - answer  (anchor for POST /v2/roblox/quiz/answer):    INSERT ... ON CONFLICT DO NOTHING plus
 *                                                        one UPDATE, in one transaction.
 */
export const ANCHOR_SCHEMA = [
	`create table if not exists anchor_users (id uuid primary key default gen_random_uuid(), email text not null, username text not null, display_name text not null, role text not null, school_id uuid, tier text not null default 'standard', status text not null default 'active', created_at timestamptz not null default now())`,
	`create table if not exists anchor_messages (id uuid primary key default gen_random_uuid(), sender_id uuid not null, recipient_id uuid not null, subject text not null, body text not null, created_at timestamptz not null default now())`,
	`create table if not exists anchor_audit (id uuid primary key default gen_random_uuid(), actor_id uuid not null, action text not null, target_id uuid not null, created_at timestamptz not null default now())`,
	`create table if not exists anchor_players (session_id uuid not null, player_id text not null, score integer not null default 0, answered integer not null default 0, primary key (session_id, player_id))`,
	`create table if not exists anchor_answers (session_id uuid not null, player_id text not null, question_id text not null, answer integer not null, created_at timestamptz not null default now(), primary key (session_id, player_id, question_id))`,
];

export const READ_USER = `select id, email, username, display_name, role, school_id, tier, status, created_at from anchor_users where id = $1`;
export const INSERT_MESSAGE = `insert into anchor_messages (sender_id, recipient_id, subject, body) values ($1, $2, $3, $4) returning id, created_at`;
export const INSERT_AUDIT = `insert into anchor_audit (actor_id, action, target_id) values ($1, 'message.send', $2)`;
export const INSERT_ANSWER = `insert into anchor_answers (session_id, player_id, question_id, answer) values ($1, $2, $3, $4) on conflict do nothing returning player_id`;
export const SCORE_PLAYER = `update anchor_players set score = score + $3, answered = answered + 1 where session_id = $1 and player_id = $2`;

/** Players of the answer anchor: as many as the quiz scenario's session (see scenarios/classroom.ts). */
export const ANCHOR_PLAYERS = 200;
