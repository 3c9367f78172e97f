/**
 * What travels between the place's server and its clients. None of these shapes carries the
 * answer key: a player learns only whether their own answer was right.
 */

/** One question as one player sees it, options already in that player's order. */
export interface QuestionView {
	sessionId: string;
	questionId: string;
	/** 0-based position in the lesson. */
	index: number;
	total: number;
	text: string;
	options: string[];
	points: number;
	/** Server-clock seconds. */
	openedAt: number;
	closesAt: number;
	/** Only when the session allows hints. */
	hints: string[];
	/** How to answer (see LessonQuestion.kind); absent: pick one option. */
	kind?: QuestionKind;
	/** The activity station asking (its full name), for self-paced questions. */
	station?: string;
}

/**
 * "choice": pick one option. "number_line": options are the line's marks left to right, pick
 * the mark. "fraction_bar": options are 1..n parts, pick how many to shade. "ordering": pick
 * every option once, in order (one submitAnswer per pick).
 */
export type QuestionKind = "choice" | "number_line" | "fraction_bar" | "ordering";

export type StationKind = "treasure_chest" | "obstacle_gate" | "ordering_board" | "number_line" | "fraction_bar" | "flashcard_deck" | "course_finish";

/**
 * What happened at an activity station, for the player who used it: `asking` (its question is
 * on their screen), `placed` (an ordering pick was taken), `found`/`missed` (a chest), `open`/
 * `shut` (a gate, for this player only), `done` (a single-try station), `refused` (with why),
 * `finished` (the course or the deck is complete for them). Never which option is right.
 */
export interface ActivityUpdate {
	station: string;
	kind: StationKind;
	status: "asking" | "placed" | "found" | "missed" | "open" | "shut" | "done" | "refused" | "finished";
	/** Picks placed, cards right or gates open so far, out of `total`. */
	progress: number;
	total: number;
	message: string;
}

export type AnswerOutcome = "right" | "wrong" | "late" | "already" | "closed";

export interface AnswerResult {
	questionId: string;
	outcome: AnswerOutcome;
	/** Points earned by this answer (speed points plus streak bonus). */
	earned: number;
	streakBonus: number;
	/** The player's score in this session after the answer. */
	sessionScore: number;
	streak: number;
}

export type SessionStatus = "idle" | "waiting" | "question" | "review" | "ended";

export interface LeaderboardEntry {
	name: string;
	score: number;
}

/** The session as every player sees it; sent on every change and to late joiners. */
export interface SessionView {
	status: SessionStatus;
	sessionId: string;
	lessonTitle: string;
	questionIndex: number;
	totalQuestions: number;
	/** True when this player is in the session. */
	joined: boolean;
	/** Set when students join by code and this player has not joined yet. */
	needsCode: boolean;
	leaderboard: LeaderboardEntry[];
}

export interface HudView {
	sessionScore: number;
	streak: number;
	/** The player's saved total across all lessons. */
	lifetimeScore: number;
	rank: number;
}

/** Live numbers for the teacher; counts only, never which option is right. */
export interface TeacherView {
	isTeacher: boolean;
	lessons: string[];
	sessionId: string;
	status: SessionStatus;
	questionIndex: number;
	totalQuestions: number;
	students: number;
	answered: number;
	right: number;
	wrong: number;
	joinCode: string;
}

export type TeacherCommand =
	| { kind: "launch"; contentId: string }
	| { kind: "next" }
	| { kind: "end" };
