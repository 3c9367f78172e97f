import { OnStart, Service } from "@flamework/core";
import { LessonQuestion } from "shared/classroom/content";
import { ActivityUpdate, QuestionKind, QuestionView, StationKind } from "shared/classroom/payloads";
import { applyOrder, optionOrderFor, originalIndexOf } from "shared/classroom/shuffle";
import { ServerEvents } from "server/network";
import { ClassroomConfig } from "server/classroom/ClassroomConfig";
import { RemoteGuard } from "server/classroom/RemoteGuard";
import { AnswerHandled, LiveSession, SessionService, show } from "server/classroom/SessionService";
import { ClockService } from "server/time/ClockService";
import type { OnPlayerLeave } from "server/players/PlayerLifecycle";

/** What a station component tells the service; see ActivityStation. */
export interface Station {
	readonly instance: BasePart;
	readonly kind: StationKind;
	/** The question this player gets now, or why not (a message for them). */
	questionFor(player: Player, session: LiveSession): LessonQuestion | string;
	/** The player's attempt was settled (right or wrong); returns what to tell them. */
	settled(player: Player, session: LiveSession, question: LessonQuestion, correct: boolean): ActivityUpdate;
	/** True when this player has nothing left to do here. */
	finishedBy(userId: number, session: LiveSession): boolean;
}

interface Attempt {
	sessionId: string;
	station: Station;
	question: LessonQuestion;
	openedAt: number;
	timeLimit: number;
	/** Ordering: original option indexes picked so far. */
	picks: number[];
}

/**
 * Self-paced activity stations on the classroom session: a player uses a station (the
 * `useStation` remote, from its ProximityPrompt), gets that station's question on the usual
 * `question` remote (their own option order; never the key), answers on the usual `submitAnswer`
 * (ClassroomRemotes hands answers that are not for the teacher's round to `answer` here), and
 * the first answer to each question is scored by SessionService.record like a quiz board's.
 * Retries (a gate after a wrong answer, a missed flashcard) are practice: they move the player
 * on but score nothing. When the lesson has no teacher-paced questions, the session ends once
 * every student has finished every station.
 */
@Service()
export class ActivityService implements OnStart, OnPlayerLeave {
	private readonly stations = new Map<Instance, Station>();
	private readonly attempts = new Map<number, Attempt>();
	/** `${sessionId}|${userId}|${questionId}` of answers already scored. */
	private readonly scored = new Set<string>();
	/** `${sessionId}|${questionId}` -> when the backend's clock for that question started. */
	private readonly opened = new Map<string, number>();

	public constructor(
		private readonly sessions: SessionService,
		private readonly guard: RemoteGuard,
		private readonly config: ClassroomConfig,
		private readonly clock: ClockService,
	) {}

	public onStart(): void {
		ServerEvents.classroom.useStation.connect(
			this.guard.guard("useStation", 4, 2, (station: BasePart) => this.stations.has(station), (player, station) => this.use(player, station)),
		);
		this.sessions.changed.connect((session) => {
			if (session.status === "ended") this.attempts.clear();
		});
	}

	public onPlayerLeave(player: Player): void {
		this.attempts.delete(player.UserId);
	}

	public register(station: Station): () => void {
		this.stations.set(station.instance, station);
		return () => this.stations.delete(station.instance);
	}

	/** Every registered station of a kind (e.g. the course's gates). */
	public stationsOf(kind: StationKind): Station[] {
		const out: Station[] = [];
		for (const [, station] of this.stations) if (station.kind === kind) out.push(station);
		return out;
	}

	/** The lesson question a station's `QuestionIndex` points at, if it is a self-paced one. */
	public questionAt(session: LiveSession, index: unknown): LessonQuestion | undefined {
		if (!typeIs(index, "number") || index % 1 !== 0) return undefined;
		const question = session.lesson.content.quiz.questions[index];
		return question?.activity !== undefined ? question : undefined;
	}

	public use(player: Player, part: BasePart): void {
		const station = this.stations.get(part);
		const session = this.sessions.current();
		if (!station) return;
		if (!session || session.status === "ended") return this.tell(player, station, "refused", "No lesson is running.");
		if (!session.students.has(player.UserId)) return this.tell(player, station, "refused", "Join the lesson first.");
		const current = this.attempts.get(player.UserId);
		const wanted = station.questionFor(player, session);
		if (typeIs(wanted, "string")) return this.tell(player, station, "refused", wanted);
		// The same station again (a repeated prompt) keeps the attempt and its clock.
		const attempt: Attempt =
			current && current.station === station && current.question.id === wanted.id && current.sessionId === session.id
				? current
				: { sessionId: session.id, station, question: wanted, openedAt: this.clock.now(), timeLimit: wanted.timeLimit ?? this.config.settings.questionTime, picks: [] };
		this.attempts.set(player.UserId, attempt);
		const openKey = `${session.id}|${wanted.id}`;
		if (!this.opened.has(openKey)) {
			this.opened.set(openKey, attempt.openedAt);
			this.sessions.reportOpened(session, wanted.id, attempt.openedAt);
		}
		ServerEvents.classroom.question.fire(player, this.viewOf(session, player, attempt));
		this.tell(player, station, "asking", "");
	}

	/** An answer (or an ordering pick) to the player's open station question; undefined when it is not one. */
	public answer(player: Player, questionId: string, slot: number): AnswerHandled | undefined {
		const attempt = this.attempts.get(player.UserId);
		const session = this.sessions.current();
		if (!attempt || !session || attempt.sessionId !== session.id || attempt.question.id !== questionId) return undefined;
		if (!session.students.has(player.UserId) || session.status === "ended") return undefined;
		const question = attempt.question;
		const choice = originalIndexOf(this.orderFor(session, player, question), slot);
		if (choice === undefined) return undefined;
		const elapsed = this.clock.now() - attempt.openedAt;
		if (elapsed > attempt.timeLimit) {
			this.attempts.delete(player.UserId);
			this.tell(player, attempt.station, "refused", "Time's up: use the station again for another try.");
			return { outcome: "late", earned: 0, streakBonus: 0 };
		}
		let reported = choice;
		if (question.kind === "ordering") {
			if (attempt.picks.includes(choice)) return undefined;
			attempt.picks.push(choice);
			if (attempt.picks.size() < question.options.size()) {
				this.tell(player, attempt.station, "placed", "", attempt.picks.size(), question.options.size());
				return undefined;
			}
			reported = firstMisplaced(attempt.picks, question.order ?? []) ?? question.correct;
		}
		this.attempts.delete(player.UserId);
		const correct = reported === question.correct;
		const key = `${session.id}|${player.UserId}|${question.id}`;
		let result: AnswerHandled;
		if (this.scored.has(key)) {
			result = { outcome: correct ? "right" : "wrong", earned: 0, streakBonus: 0 };
		} else {
			this.scored.add(key);
			result = this.sessions.record(session, player, question, reported, elapsed, attempt.timeLimit, this.opened.get(`${session.id}|${question.id}`) ?? attempt.openedAt);
		}
		ServerEvents.classroom.activity.fire(player, attempt.station.settled(player, session, question, correct));
		this.endWhenEveryoneFinished(session);
		return result;
	}

	/** Sends one station update to one player. */
	public tell(player: Player, station: Station, status: ActivityUpdate["status"], message: string, progress = 0, total = 0): void {
		ServerEvents.classroom.activity.fire(player, { station: station.instance.GetFullName(), kind: station.kind, status, progress, total, message });
	}

	private viewOf(session: LiveSession, player: Player, attempt: Attempt): QuestionView {
		const q = attempt.question;
		const questions = session.lesson.content.quiz.questions;
		return {
			sessionId: session.id,
			questionId: q.id,
			index: questions.indexOf(q),
			total: questions.size(),
			text: show(session, q.text),
			options: applyOrder(q.options, this.orderFor(session, player, q)).map((option) => show(session, option)),
			points: q.points,
			openedAt: attempt.openedAt,
			closesAt: attempt.openedAt + attempt.timeLimit,
			hints: this.config.settings.allowHints ? (q.hints ?? []).map((hint) => show(session, hint)) : [],
			kind: (q.kind ?? "choice") as QuestionKind,
			station: attempt.station.instance.GetFullName(),
		};
	}

	/**
	 * The player's option order. Number lines and fraction bars keep their natural left-to-right
	 * order (it is the layout, not a clue); an ordering is never shown already in order.
	 */
	private orderFor(session: LiveSession, player: Player, q: LessonQuestion): number[] {
		const n = q.options.size();
		if (q.kind === "number_line" || q.kind === "fraction_bar") {
			const identity: number[] = [];
			for (let i = 0; i < n; i++) identity.push(i);
			return identity;
		}
		const order = optionOrderFor(session.id, q.id, player.UserId, n);
		if (q.kind === "ordering" && q.order && sameList(order, q.order)) order.push(order.remove(0)!);
		return order;
	}

	private endWhenEveryoneFinished(session: LiveSession): void {
		const questions = session.lesson.content.quiz.questions;
		if (questions.some((q) => q.activity === undefined) || session.students.size() === 0) return;
		for (const userId of session.students) {
			for (const [, station] of this.stations) if (!station.finishedBy(userId, session)) return;
		}
		// Everyone is done: a deferred end lets this answer's replies go out first.
		task.defer(() => {
			if (this.sessions.current() === session && session.status !== "ended") this.sessions.end();
		});
	}
}

/** The first picked item out of place (never the key's first item), or undefined when all are in order. */
function firstMisplaced(picks: number[], order: number[]): number | undefined {
	for (let i = 0; i < picks.size(); i++) if (picks[i] !== order[i]) return picks[i];
	return undefined;
}

function sameList(a: number[], b: number[]): boolean {
	if (a.size() !== b.size()) return false;
	for (let i = 0; i < a.size(); i++) if (a[i] !== b[i]) return false;
	return true;
}
