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
