import { OnStart, Service } from "@flamework/core";
import { Listeners } from "shared/classroom/listeners";
import { answerKey, AnswerRecord } from "shared/classroom/profile";
import { AnswerReport, AnswerScored, ClassroomApi, ProgressReport } from "./ClassroomApi";
import { ClassroomConfig } from "./ClassroomConfig";
import { ProgressService } from "./ProgressService";

/** Backend work, kept in order (a join before that player's answers, an open before its answers). */
type Job =
	| { kind: "answer"; userId: number; key: string; report: AnswerReport; queuedAt: number }
	| { kind: "task"; run: () => void };

/**
 * The one thread that talks to the backend about a running classroom. Game code queues work
 * and returns at once; this worker sends it in order. Answers go out as soon as the budget is
 * comfortable and are coalesced into one array request (when the backend accepts the array
 * form) once it is not, so a full class stays far under the request ceiling. An answer stays
 * in the player's profile outbox until the backend acknowledges it, so a crash or a move to
 * another server resends it (the backend treats a repeat as already answered).
 */
@Service()
export class ReportBatcher implements OnStart {
	/** The backend scored an answer (its result is authoritative). */
	public readonly scored = new Listeners<[userId: number, sessionId: string, questionId: string, result: AnswerScored]>("ReportBatcher.scored");
	private readonly jobs: Job[] = [];
	private readonly queuedKeys = new Set<string>();
	private arrayAnswers: "unknown" | "yes" | "no" = "unknown";
	private progressBatch = new Map<string, ProgressReport>();
	private lastProgressFlush = 0;
	private busy = false;
	private sleeping?: thread;

	public constructor(
		private readonly api: ClassroomApi,
		private readonly progress: ProgressService,
		private readonly config: ClassroomConfig,
	) {}

	public onStart(): void {
		this.progress.loaded.connect((player, data) => {
			for (const key of data.outbox) {
				const answer = data.answers[key];
				if (answer) this.queueAnswer(player.UserId, answer);
			}
		});
		task.spawn(() => this.workLoop());
	}

	/** Queues an answer the place already scored. */
	public queueAnswer(userId: number, answer: AnswerRecord): void {
		if (answer.sessionId.sub(1, 6) === "local_") return;
		const key = answerKey(answer.sessionId, answer.questionId);
		if (this.queuedKeys.has(`${userId}|${key}`)) return;
		this.queuedKeys.add(`${userId}|${key}`);
		this.jobs.push({
			kind: "answer",
			userId,
			key,
			queuedAt: os.clock(),
			report: {
				playerId: tostring(userId),
				sessionId: answer.sessionId,
				questionId: answer.questionId,
				answer: answer.choice,
				timestamp: isoTime(answer.at),
				answeredAt: answer.answeredAt,
			},
		});
	}

	/** Queues backend work that must keep its place in line (joins, opens, session end). */
	public queueTask(run: () => void): void {
		this.jobs.push({ kind: "task", run });
		this.wake();
	}

	/** Latest progress of a player in a session; sent in one array request per interval. */
	public queueProgress(report: ProgressReport): void {
		if (report.sessionId.sub(1, 6) === "local_") return;
		this.progressBatch.set(`${report.playerId}|${report.sessionId}`, report);
	}

	/** Sends queued progress now (session end). */
	public flushProgressSoon(): void {
		this.lastProgressFlush = -math.huge;
	}

	/** True while work is queued or in flight. */
	public pending(): boolean {
		return this.busy || this.jobs.size() > 0 || this.progressBatch.size() > 0;
	}

	private workLoop(): void {
		game.BindToClose(() => {
			const deadline = os.clock() + 20;
			this.flushProgressSoon();
			while (this.pending() && os.clock() < deadline) task.wait(0.1);
		});
		for (;;) {
			const job = this.jobs.shift();
			if (job) {
				this.busy = true;
				// Nothing a job does may end this thread: it is the server's only line to the backend.
				const [ok, err] = pcall(() => (job.kind === "task" ? job.run() : this.sendAnswers(job)));
				if (!ok) warn(`[ReportBatcher] ${job.kind} failed: ${err}`);
				this.busy = false;
				continue;
			}
			if (this.progressBatch.size() > 0 && os.clock() - this.lastProgressFlush >= this.config.settings.reportInterval) {
				this.busy = true;
				const [ok, err] = pcall(() => this.sendProgress());
				if (!ok) warn(`[ReportBatcher] progress failed: ${err}`);
				this.busy = false;
				continue;
			}
			this.sleep(0.5);
		}
	}

	/** Idles until work is queued or `seconds` pass (reports leave promptly; the backend times answers by `answeredAt`). */
	private sleep(seconds: number): void {
		this.sleeping = coroutine.running();
		const timer = task.delay(seconds, () => this.wake());
		coroutine.yield();
		if (coroutine.status(timer) === "suspended") task.cancel(timer);
	}

	private wake(): void {
		const thread = this.sleeping;
		if (!thread) return;
		this.sleeping = undefined;
		task.defer(thread);
	}

	private sendAnswers(first: Extract<Job, { kind: "answer" }>): void {
		const batch = [first];
		if (this.arrayAnswers !== "no") {
			// Coalesce the answers waiting right behind this one.
			while (this.jobs.size() > 0 && this.jobs[0].kind === "answer" && batch.size() < 50) {
				batch.push(this.jobs.shift() as Extract<Job, { kind: "answer" }>);
			}
		}
		if (batch.size() > 1) {
			const result = this.api.answers(batch.map((j) => j.report));
			if (result.ok) {
				this.arrayAnswers = "yes";
				// An unexpected body (result.data absent) still means the backend took the batch.
				const list = result.data?.results;
				batch.forEach((job, i) => {
					const item = list?.[i];
					if (item && item.status !== 200) this.settleFailure(job, item.status, item.error?.code);
					else this.settle(job, true, item?.result);
				});
				return;
			}
			if (result.status === 400 && this.arrayAnswers === "unknown") {
				// This backend takes one answer per request; remember and send them singly.
				this.arrayAnswers = "no";
			} else {
				batch.forEach((job) => this.settleFailure(job, result.status, result.code));
				return;
			}
		}
		for (const job of batch) {
			const result = this.api.answer(job.report);
			if (result.ok) this.settle(job, true, result.data);
			else this.settleFailure(job, result.status, result.code);
		}
	}

	private settle(job: Extract<Job, { kind: "answer" }>, acknowledged: boolean, scored?: AnswerScored): void {
		this.queuedKeys.delete(`${job.userId}|${job.key}`);
		if (acknowledged) this.progress.acknowledge(job.userId, [job.key]);
		if (scored) this.scored.fire(job.userId, job.report.sessionId, job.report.questionId, scored);
	}

	private settleFailure(job: Extract<Job, { kind: "answer" }>, status: number, code?: string): void {
		if (status === 400 || status === 404 || status === 409 || status === 403) {
			// The backend will never take this answer (ended session, unknown question): stop resending.
			warn(`[ReportBatcher] answer ${job.key} refused: ${status} ${code ?? ""}`);
			this.settle(job, true);
			return;
		}
		// Backend unreachable: keep it (also in the profile outbox) and try again later.
		task.delay(this.config.settings.reportInterval, () => {
			this.jobs.push(job);
			this.wake();
		});
	}

	private sendProgress(): void {
		const reports: ProgressReport[] = [];
		for (const [, report] of this.progressBatch) reports.push(report);
		this.progressBatch = new Map();
		this.lastProgressFlush = os.clock();
		const result = this.api.progress(reports);
		if (!result.ok && (result.status === 0 || result.status === 429 || result.status >= 500)) {
			// Put them back unless a newer report for the same player replaced them meanwhile.
			for (const report of reports) {
				const id = `${report.playerId}|${report.sessionId}`;
				if (!this.progressBatch.has(id)) this.progressBatch.set(id, report);
			}
		}
	}
}

function isoTime(unixSeconds: number): string {
	return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(unixSeconds));
}
