import { OnStart, Service } from "@flamework/core";
import { Players } from "@rbxts/services";
import { isJoinCode, isQuestionId, isSlot } from "shared/classroom/guards";
import { HudView, QuestionView, SessionView, TeacherCommand, TeacherView } from "shared/classroom/payloads";
import { applyOrder, optionOrderFor } from "shared/classroom/shuffle";
import { ServerEvents } from "server/network";
import { ActivityService } from "server/activities/ActivityService";
import type { OnPlayerJoin } from "server/players/PlayerLifecycle";
import { ClassroomConfig } from "./ClassroomConfig";
import { ContentService } from "./ContentService";
import { ProgressService } from "./ProgressService";
import { RemoteGuard } from "./RemoteGuard";
import { ScoringService } from "./ScoringService";
import { LiveSession, SessionService, show } from "./SessionService";

const LEADERBOARD_SIZE = 5;
const isCommand = (c: TeacherCommand) => c.kind !== "launch" || (c.contentId.size() >= 1 && c.contentId.size() <= 64);

/**
 * The classroom's remotes: every incoming call is rate-limited and validated by RemoteGuard,
 * and every outgoing payload is built here per player, from what that player may see: their own
 * option order, their own score, counts for the teacher; never the answer key. Session-wide
 * views are pushed at most once per second however fast answers arrive.
 */
@Service()
export class ClassroomRemotes implements OnStart, OnPlayerJoin {
	private dirty = false;

	public constructor(
		private readonly sessions: SessionService,
		private readonly guard: RemoteGuard,
		private readonly scoring: ScoringService,
		private readonly progress: ProgressService,
		private readonly content: ContentService,
		private readonly config: ClassroomConfig,
		private readonly activities: ActivityService,
	) {}

	public onPlayerJoin(player: Player): void {
		this.sendState(player);
	}

	public onStart(): void {
		const events = ServerEvents.classroom;
		events.submitAnswer.connect(
			// A burst of 6: an ordering activity sends one pick per item (at most 6 items).
			this.guard.guard("submitAnswer", 6, 2, (q: string, s: number) => isQuestionId(q) && isSlot(s), (player, questionId, slot) => {
				const session = this.sessions.current();
				// The teacher's round first, then a self-paced activity station's question.
				const result = this.sessions.answer(player, questionId, slot) ?? this.activities.answer(player, questionId, slot);
				if (!session || !result) return;
				const tally = this.scoring.tallyOf(session.id, player);
				events.answerResult.fire(player, {
					questionId,
					outcome: result.outcome,
					earned: result.earned,
					streakBonus: result.streakBonus,
					sessionScore: tally.score,
					streak: tally.streak,
				});
				events.hud.fire(player, this.hudOf(session, player));
			}),
		);
		events.teacherCommand.connect(
			this.guard.guard("teacherCommand", 5, 1, isCommand, (player, command) => this.onTeacherCommand(player, command)),
		);
		events.joinWithCode.connect(
			this.guard.guard("joinWithCode", 3, 0.2, (code: string) => isJoinCode(code), (player, code) => {
				this.sessions.joinWithCode(player, code);
				this.sendState(player);
			}),
		);
		events.requestState.connect(this.guard.guard("requestState", 2, 0.5, () => true, (player) => this.sendState(player)));

		let lastQuestion: string | undefined;
		let lastStatus: string | undefined;
		this.sessions.changed.connect((session) => {
			const key = `${session.id}|${session.questionIndex}`;
			if (session.status === "question" && key !== lastQuestion) {
				lastQuestion = key;
				for (const userId of session.students) {
					const player = Players.GetPlayerByUserId(userId);
					if (player) this.sendQuestion(session, player);
				}
			}
			if (session.round?.locked && lastStatus !== `${key}|locked`) {
				lastStatus = `${key}|locked`;
				events.questionClosed.broadcast(session.round.question.id);
			}
			this.dirty = true;
		});
		this.sessions.joined.connect((session, player) => this.sendState(player));
		this.progress.loaded.connect((player) => this.sendState(player));
		task.spawn(() => {
			for (;;) {
				task.wait(1);
				if (!this.dirty) continue;
				this.dirty = false;
				this.broadcastViews();
			}
		});
	}

	/** Everything a (re)joining or reloading client needs: session, its question, HUD, teacher panel. */
	private sendState(player: Player): void {
		const session = this.sessions.current();
		const events = ServerEvents.classroom;
		events.session.fire(player, this.sessionViewOf(session, player));
		if (this.sessions.isTeacher(player)) events.teacher.fire(player, this.teacherViewOf(session));
		events.hud.fire(player, this.hudOf(session, player));
		if (!session) return;
		if (session.status === "question" && session.round && !session.round.locked && session.students.has(player.UserId)) {
			this.sendQuestion(session, player);
		}
	}

	private sendQuestion(session: LiveSession, player: Player): void {
		const round = session.round!;
		const q = round.question;
		const order = optionOrderFor(session.id, q.id, player.UserId, q.options.size());
		const view: QuestionView = {
			sessionId: session.id,
			questionId: q.id,
			index: round.index,
			total: session.lesson.content.quiz.questions.size(),
			text: show(session, q.text),
			options: applyOrder(q.options, order).map((option) => show(session, option)),
			points: q.points,
			openedAt: round.openedAt,
			closesAt: round.closesAt,
			hints: this.config.settings.allowHints ? (q.hints ?? []).map((hint) => show(session, hint)) : [],
		};
		ServerEvents.classroom.question.fire(player, view);
	}

	private onTeacherCommand(player: Player, command: TeacherCommand): void {
		if (!this.sessions.isTeacher(player)) return;
		if (command.kind === "launch") {
			const problem = this.sessions.launch(player, command.contentId);
			if (problem !== undefined) warn(`[Classroom] launch refused: ${problem}`);
		} else if (command.kind === "next") {
			this.sessions.next();
		} else {
			this.sessions.end();
		}
		ServerEvents.classroom.teacher.fire(player, this.teacherViewOf(this.sessions.current()));
	}

	private broadcastViews(): void {
		const session = this.sessions.current();
		for (const player of Players.GetPlayers()) {
			ServerEvents.classroom.session.fire(player, this.sessionViewOf(session, player));
			if (this.sessions.isTeacher(player)) ServerEvents.classroom.teacher.fire(player, this.teacherViewOf(session));
			else if (session && session.students.has(player.UserId)) ServerEvents.classroom.hud.fire(player, this.hudOf(session, player));
		}
	}

	private sessionViewOf(session: LiveSession | undefined, player: Player): SessionView {
		if (!session) {
			return { status: "idle", sessionId: "", lessonTitle: "", questionIndex: -1, totalQuestions: 0, joined: false, needsCode: false, leaderboard: [] };
		}
		const joined = session.students.has(player.UserId);
		return {
			status: session.status,
			sessionId: session.id,
			lessonTitle: show(session, session.lesson.title),
			questionIndex: session.questionIndex,
			totalQuestions: session.lesson.content.quiz.questions.size(),
			joined,
			needsCode: !joined && this.config.settings.joinMode === "code" && player.UserId !== session.teacherId,
			leaderboard: this.scoring
				.ranking(session.id)
				.filter((_, i) => i < LEADERBOARD_SIZE)
				.map(([, tally]) => ({ name: tally.name, score: tally.score })),
		};
	}

	private hudOf(session: LiveSession | undefined, player: Player): HudView {
		const lifetimeScore = this.progress.dataOf(player)?.totalScore ?? 0;
		if (!session) return { sessionScore: 0, streak: 0, lifetimeScore, rank: 0 };
		const ranking = this.scoring.ranking(session.id);
		const tally = this.scoring.tallyOf(session.id, player);
		const rank = ranking.findIndex(([userId]) => userId === player.UserId) + 1;
		return {
			sessionScore: tally.score,
			streak: tally.streak,
			lifetimeScore,
			rank,
		};
	}

	private teacherViewOf(session: LiveSession | undefined): TeacherView {
		const round = session?.round;
		return {
			isTeacher: true,
			lessons: this.content.list(),
			sessionId: session?.id ?? "",
			status: session?.status ?? "idle",
			questionIndex: session?.questionIndex ?? -1,
			totalQuestions: session?.lesson.content.quiz.questions.size() ?? 0,
			students: session?.students.size() ?? 0,
			answered: round?.answered.size() ?? 0,
			right: round?.right ?? 0,
			wrong: round?.wrong ?? 0,
			joinCode: session?.joinCode ?? "",
		};
	}
}
