import { OnStart, Service } from "@flamework/core";
import { HttpService, Players } from "@rbxts/services";
import { LessonQuestion } from "shared/classroom/content";
import { Listeners } from "shared/classroom/listeners";
import { AnswerOutcome, SessionStatus } from "shared/classroom/payloads";
import { answerKey } from "shared/classroom/profile";
import { optionOrderFor, originalIndexOf } from "shared/classroom/shuffle";
import { ClockService } from "server/time/ClockService";
import type { OnPlayerJoin, OnPlayerLeave } from "server/players/PlayerLifecycle";
import { LicenseService } from "server/licensing/LicenseService";
import { ClassroomApi } from "./ClassroomApi";
import { ClassroomConfig } from "./ClassroomConfig";
import { ContentService, Lesson } from "./ContentService";
import { ProgressService } from "./ProgressService";
import { ReportBatcher } from "./ReportBatcher";
import { ScoringService } from "./ScoringService";
import { TeacherDirectory } from "./TeacherDirectory";
import { shownText, TextFilter } from "./TextFilter";

export interface Round {
	question: LessonQuestion;
	index: number;
	openedAt: number;
	closesAt: number;
	timeLimit: number;
	locked: boolean;
	answered: Set<number>;
	right: number;
	wrong: number;
}

export interface LiveSession {
	id: string;
	lesson: Lesson;
	teacherId: number;
	status: SessionStatus;
	joinCode: string;
	students: Set<number>;
	/** Students who joined and then left (their results stay). */
	left: Set<number>;
	round?: Round;
	questionIndex: number;
	/** True when the backend could not create the session and it runs on this server only. */
	offline: boolean;
	/** The lesson's texts as TextService filtered them at launch (read them through `show`). */
	shown: Map<string, string>;
}

/** A lesson text as players may see it: filtered, or the placeholder when filtering failed. */
export function show(session: LiveSession, text: string): string {
	return shownText(session.shown, text);
}

export interface AnswerHandled {
	outcome: AnswerOutcome;
	earned: number;
	streakBonus: number;
}

/**
 * A classroom session on this server. A teacher launches it from a lesson (the backend creates
 * the session; if it cannot, the session runs offline on this server), students join
 * automatically or with the join code, the teacher opens questions one by one, each question
 * locks when its time is up (or everyone answered), and the teacher ends it (or its time limit
 * does). Players' answers are scored here at once; everything the backend must know is queued
 * on ReportBatcher so no player action ever waits for the network.
 */
@Service()
export class SessionService implements OnStart, OnPlayerJoin, OnPlayerLeave {
	/** The session or its round changed: views must be refreshed. */
	public readonly changed = new Listeners<[session: LiveSession]>("SessionService.changed");
	/** A student joined (late joiners included): they need the current question. */
	public readonly joined = new Listeners<[session: LiveSession, player: Player]>("SessionService.joined");
	public readonly answered = new Listeners<[session: LiveSession, player: Player, result: AnswerHandled]>("SessionService.answered");
	private session?: LiveSession;
	private launching = false;

	public constructor(
		private readonly config: ClassroomConfig,
		private readonly clock: ClockService,
		private readonly content: ContentService,
		private readonly scoring: ScoringService,
		private readonly progress: ProgressService,
		private readonly reports: ReportBatcher,
		private readonly api: ClassroomApi,
		private readonly teachers: TeacherDirectory,
		private readonly license: LicenseService,
		private readonly textFilter: TextFilter,
	) {}

	public onStart(): void {
		this.reports.scored.connect((userId, sessionId, questionId, result) => {
			if (result.alreadyAnswered) return;
			const diff = this.scoring.reconcile(sessionId, userId, questionId, result.points, result.streak);
			if (diff !== 0) {
				this.progress.correctEarned(userId, sessionId, questionId, result.points);
				if (this.session?.id === sessionId) this.changed.fire(this.session);
			}
		});
	}

	public current(): LiveSession | undefined {
		return this.session;
	}

	public isTeacher(player: Player): boolean {
		return this.teachers.isTeacher(player.UserId);
	}

	/** Starts a session; returns an error text for the teacher, or undefined. Yields on the backend call. */
	public launch(teacher: Player, contentId: string): string | undefined {
		if (!this.isTeacher(teacher)) return "Only a teacher can launch a session";
		if (!this.license.isActive()) return this.license.current().message ?? "Classroom features are waiting for the licence check";
		if (this.launching || (this.session && this.session.status !== "ended")) return "A session is already running";
		const lesson = this.content.get(contentId);
		if (!lesson) return `No lesson ${contentId}`;
		this.launching = true;
		const settings = this.config.settings;
		const created = this.api.createSession(contentId, settings.maxPlayers, {
			allowHints: settings.allowHints,
			timeLimit: settings.sessionTimeLimit,
			questionTimeLimit: settings.questionTime,
		});
		// Everything players will read from this lesson is filtered now, before anyone sees it.
		const shown = this.textFilter.forBroadcast(lessonTexts(lesson), teacher.UserId);
		this.launching = false;
		const offline = !(created.ok && created.data && typeIs(created.data.sessionId, "string"));
		if (offline) warn(`[SessionService] backend did not create the session (${created.status}); running offline`);
		const session: LiveSession = {
			id: offline ? `local_${HttpService.GenerateGUID(false)}` : created.data!.sessionId,
			lesson,
			teacherId: teacher.UserId,
			status: "waiting",
			joinCode: makeJoinCode(),
			students: new Set(),
			left: new Set(),
			questionIndex: -1,
			offline,
			shown,
		};
		this.session = session;
		this.content.build(lesson, (text) => shownText(shown, text));
		if (settings.joinMode === "auto") {
			for (const player of Players.GetPlayers()) if (player.UserId !== session.teacherId) this.join(player);
		}
		task.delay(settings.sessionTimeLimit, () => {
			if (this.session === session && session.status !== "ended") this.end();
		});
		this.changed.fire(session);
		return undefined;
	}

	/** Opens the next question, or ends the session after the last one. */
	public next(): void {
		const session = this.session;
		if (!session || session.status === "ended") return;
		if (session.round && !session.round.locked) this.lock(session, session.round);
		const questions = session.lesson.content.quiz.questions;
		// Questions asked by activity stations (src/server/activities) are self-paced: "next" skips them.
		let index = session.questionIndex + 1;
		while (index < questions.size() && questions[index].activity !== undefined) index += 1;
		// With stations in play, running out of board questions is not the end: students may
		// still be at their stations (the teacher ends, or it ends when everyone has finished).
		if (index >= questions.size() && questions.some((q) => q.activity !== undefined)) return;
		if (index >= questions.size()) {
			this.end();
			return;
		}
		const question = questions[index];
		const timeLimit = question.timeLimit ?? this.config.settings.questionTime;
		const openedAt = this.clock.now();
		const round: Round = {
			question,
			index,
			openedAt,
			closesAt: openedAt + timeLimit,
			timeLimit,
			locked: false,
			answered: new Set(),
			right: 0,
			wrong: 0,
		};
		session.round = round;
		session.questionIndex = index;
		session.status = "question";
		if (!session.offline) this.reports.queueTask(() => this.api.openQuestion(session.id, question.id, toMs(openedAt)));
		task.delay(timeLimit, () => {
			if (session.round === round && !round.locked) this.lock(session, round);
		});
		this.changed.fire(session);
	}

	public end(): void {
		const session = this.session;
		if (!session || session.status === "ended") return;
		if (session.round && !session.round.locked) this.lock(session, session.round);
		session.status = "ended";
		for (const userId of session.students) {
			this.queueProgress(session, Players.GetPlayerByUserId(userId) ?? { UserId: userId, Name: tostring(userId) });
		}
		if (!session.offline) this.reports.queueTask(() => this.api.end(session.id));
		this.reports.flushProgressSoon();
		this.changed.fire(session);
	}

	/** Puts a player in the session; false when it is full or not running. */
	public join(player: Player): boolean {
		const session = this.session;
		if (!session || session.status === "ended" || player.UserId === session.teacherId) return false;
		if (session.students.has(player.UserId)) return true;
		if (session.students.size() >= this.config.settings.maxPlayers) return false;
		session.students.add(player.UserId);
		session.left.delete(player.UserId);
		this.scoring.tallyOf(session.id, player);
		if (!session.offline) {
			const name = player.DisplayName !== "" ? player.DisplayName : player.Name;
			this.reports.queueTask(() => this.api.join(session.id, tostring(player.UserId), name.sub(1, 50)));
		}
		this.joined.fire(session, player);
		this.changed.fire(session);
		return true;
	}

	public joinWithCode(player: Player, code: string): boolean {
		const session = this.session;
		if (!session || code.upper() !== session.joinCode) return false;
		return this.join(player);
	}

	/** Scores an answer at once; `slot` is the option's position as this player saw it. */
	public answer(player: Player, questionId: string, slot: number): AnswerHandled | undefined {
		const session = this.session;
		const round = session?.round;
		if (!session || !round || !session.students.has(player.UserId)) return undefined;
		if (round.question.id !== questionId) return undefined;
		if (round.answered.has(player.UserId)) return this.handled(session, player, { outcome: "already", earned: 0, streakBonus: 0 });
		const elapsed = this.clock.now() - round.openedAt;
		if (round.locked || elapsed > round.timeLimit) {
			return this.handled(session, player, { outcome: round.locked ? "closed" : "late", earned: 0, streakBonus: 0 });
		}
		const order = optionOrderFor(session.id, questionId, player.UserId, round.question.options.size());
		const choice = originalIndexOf(order, slot);
		if (choice === undefined) return undefined;
		round.answered.add(player.UserId);
		const correct = choice === round.question.correct;
		if (correct) round.right += 1;
		else round.wrong += 1;
		const result = this.record(session, player, round.question, choice, elapsed, round.timeLimit, round.openedAt);
		if (this.everyoneAnswered(session, round)) this.lock(session, round);
		else this.changed.fire(session);
		return result;
	}

	/**
	 * Scores one answer and records it: the player's tally, their saved progress, the backend
	 * report (or its offline acknowledgement) and the session's progress report. Quiz boards and
	 * activity stations both score through here. `choice` is the original option index (for an
	 * ordering, the key's first item when the whole order is right); `openedAt` is when the
	 * backend's clock for this question started, so answeredAt - openedAt is `elapsed`.
	 */
	public record(session: LiveSession, player: Player, question: LessonQuestion, choice: number, elapsed: number, timeLimit: number, openedAt: number): AnswerHandled {
		const correct = choice === question.correct;
		const score = this.scoring.score(session.id, player, question.id, correct, elapsed, timeLimit, question.points);
		const record = {
			sessionId: session.id,
			lessonId: session.lesson.contentId,
			questionId: question.id,
			choice,
			right: correct,
			earned: score.total,
			elapsed,
			at: os.time(),
			// openedAt + elapsed on this clock, so the backend's t equals `elapsed` however late the report lands.
			answeredAt: toMs(openedAt) + toMs(elapsed),
		};
		this.progress.recordAnswer(player, record, score.streak);
		// An offline session has no backend to report to: nothing waits in the outbox.
		if (session.offline) this.progress.acknowledge(player.UserId, [answerKey(session.id, question.id)]);
		else this.reports.queueAnswer(player.UserId, record);
		this.queueProgress(session, player);
		return this.handled(session, player, {
			outcome: correct ? "right" : "wrong",
			earned: score.total,
			streakBonus: score.streakBonus,
		});
	}

	/** Tells the backend a question is open (self-paced stations open theirs on first use). */
	public reportOpened(session: LiveSession, questionId: string, openedAt: number): void {
		if (!session.offline) this.reports.queueTask(() => this.api.openQuestion(session.id, questionId, toMs(openedAt)));
	}

	private handled(session: LiveSession, player: Player, result: AnswerHandled): AnswerHandled {
		this.answered.fire(session, player, result);
		return result;
	}

	private lock(session: LiveSession, round: Round): void {
		round.locked = true;
		for (const userId of session.students) {
			if (!round.answered.has(userId)) this.scoring.missed(session.id, userId);
		}
		if (session.status === "question") session.status = "review";
		this.changed.fire(session);
	}

	private everyoneAnswered(session: LiveSession, round: Round): boolean {
		for (const userId of session.students) if (!round.answered.has(userId)) return false;
		return true;
	}

	/** `player` may have left Players already (a leave is heard after the engine removed them). */
	private queueProgress(session: LiveSession, player: Pick<Player, "UserId" | "Name">): void {
		const tally = this.scoring.tallyOf(session.id, player);
		const total = session.lesson.content.quiz.questions.size();
		const data = this.progress.dataOf(player);
		this.reports.queueProgress({
			playerId: tostring(player.UserId),
			sessionId: session.id,
			lessonId: session.lesson.contentId,
			progress: math.floor((tally.answered / total) * 100),
			score: tally.score,
			achievements: data?.achievements ?? [],
			timestamp: os.date("!%Y-%m-%dT%H:%M:%SZ", os.time()),
		});
	}

	public onPlayerJoin(player: Player): void {
		task.spawn(() => this.teachers.verify(player.UserId));
		const session = this.session;
		if (session && session.status !== "ended" && this.config.settings.joinMode === "auto") this.join(player);
	}

	/** Runs before ProgressService releases the profile, so the last report carries its achievements. */
	public onPlayerLeave(player: Player): void {
		const session = this.session;
		if (!session || !session.students.has(player.UserId)) return;
		session.students.delete(player.UserId);
		session.left.add(player.UserId);
		this.queueProgress(session, player);
		if (!session.offline) this.reports.queueTask(() => this.api.leave(session.id, tostring(player.UserId)));
		const round = session.round;
		if (round && !round.locked && session.students.size() > 0 && this.everyoneAnswered(session, round)) {
			this.lock(session, round);
		} else {
			this.changed.fire(session);
		}
	}
}

/** Every text of a lesson a player may read: title, questions, options, hints, scene texts. */
function lessonTexts(lesson: Lesson): string[] {
	const texts = [lesson.title];
	for (const q of lesson.content.quiz.questions) {
		texts.push(q.text);
		for (const option of q.options) texts.push(option);
		for (const hint of q.hints ?? []) texts.push(hint);
	}
	for (const object of lesson.content.objects ?? []) {
		const text = object.properties?.text;
		if (typeIs(text, "string")) texts.push(text);
	}
	return texts;
}

function toMs(seconds: number): number {
	return math.floor(seconds * 1000 + 0.5);
}

function makeJoinCode(): string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	let code = "";
	const rng = new Random();
	for (let i = 0; i < 6; i++) {
		const at = rng.NextInteger(1, alphabet.size());
		code += alphabet.sub(at, at);
	}
	return code;
}
