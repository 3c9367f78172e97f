import { Service } from "@flamework/core";
import { HttpService } from "@rbxts/services";
import { BackendClient, BackendResult } from "./BackendClient";
import { isAnswerResults, isAnswerScored, isContentReply, isPlaceContent, isSessionCreated, isTeacherReply } from "./backendReplies";

/**
 * The classroom routes of the backend (server/src/modules/classroom) as typed calls. Each one
 * yields on HTTP: only ReportBatcher's worker and ContentService's poller call them. Every reply
 * a caller reads is checked against its route's shape (backendReplies) before it is returned.
 */
export interface SessionCreated {
	sessionId: string;
	expiresAt?: string;
}

export interface AnswerScored {
	correct: boolean;
	points: number;
	streak: number;
	streakBonus: number;
	alreadyAnswered: boolean;
}

export interface AnswerReport {
	playerId: string;
	sessionId: string;
	questionId: string;
	/** Index of the chosen option in the lesson's own order. */
	answer: number;
	timestamp: string;
	/** Unix ms on this server's clock: the backend times the answer from the open's `openedAt`. */
	answeredAt?: number;
}

/** One entry of the array form's `{ results }`. */
export interface AnswerItemResult {
	status: number;
	result?: AnswerScored;
	error?: { code: string };
}

export interface ProgressReport {
	playerId: string;
	sessionId: string;
	lessonId: string;
	progress: number;
	score: number;
	achievements: string[];
	timestamp: string;
}

const BASE = "/v2/roblox";

@Service()
export class ClassroomApi {
	public constructor(private readonly backend: BackendClient) {}

	public createSession(contentId: string, maxPlayers: number, settings: object): BackendResult<SessionCreated> {
		return this.backend.request("POST", `${BASE}/sessions`, { contentId, maxPlayers, settings }, { check: isSessionCreated });
	}

	public join(sessionId: string, playerId: string, playerName: string): BackendResult {
		return this.backend.request("POST", `${BASE}/sessions/${escape(sessionId)}/join`, { playerId, playerName });
	}

	public leave(sessionId: string, playerId: string): BackendResult {
		return this.backend.request("POST", `${BASE}/sessions/${escape(sessionId)}/leave`, { playerId });
	}

	public end(sessionId: string): BackendResult {
		return this.backend.request("POST", `${BASE}/sessions/${escape(sessionId)}/end`, {});
	}

	/** `openedAt`: Unix ms on this server's clock, so batched answers are timed from it. */
	public openQuestion(sessionId: string, questionId: string, openedAt: number): BackendResult {
		return this.backend.request("POST", `${BASE}/sessions/${escape(sessionId)}/questions/${escape(questionId)}/open`, { openedAt });
	}

	public answer(report: AnswerReport): BackendResult<AnswerScored> {
		return this.backend.request("POST", `${BASE}/quiz/answer`, report, { check: isAnswerScored });
	}

	/** The array form of POST /quiz/answer: one request for many answers, results in order. */
	public answers(reports: AnswerReport[]): BackendResult<{ results: AnswerItemResult[] }> {
		return this.backend.request("POST", `${BASE}/quiz/answer`, reports, { check: isAnswerResults });
	}

	/** The array form of POST /progress, idempotent per (player, session, timestamp). */
	public progress(reports: ProgressReport[]): BackendResult {
		return this.backend.request("POST", `${BASE}/progress`, reports);
	}

	/** What the backend wants this place to show; 304 while `etag` is current. */
	public placeContent(placeId: string, etag?: string): BackendResult<{ contentId: string; etag: string }> {
		return this.backend.request("GET", `${BASE}/places/${escape(placeId)}/content`, undefined, {
			headers: etag !== undefined ? { "If-None-Match": etag } : {},
			attempts: 2,
			check: isPlaceContent,
		});
	}

	/** A stored lesson with its answer key; it stays on this server. */
	public content(contentId: string): BackendResult<{ contentId: string; content: unknown }> {
		return this.backend.request("GET", `${BASE}/content/${escape(contentId)}`, undefined, { check: isContentReply });
	}

	/** Whether a Roblox user is linked to a teacher account of this place's school. */
	public isTeacher(userId: number): BackendResult<{ isTeacher: boolean }> {
		return this.backend.request("GET", `${BASE}/teachers/${userId}`, undefined, { attempts: 2, check: isTeacherReply });
	}
}

function escape(segment: string): string {
	return HttpService.UrlEncode(segment);
}
