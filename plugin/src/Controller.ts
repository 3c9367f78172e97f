import { Account } from "auth/Account";
import { DeviceFlow } from "auth/deviceFlow";
import { ConversationApi, Turn } from "lesson/conversationApi";
import { LessonInserter } from "lesson/LessonInserter";
import { ProgressWatcher } from "lesson/ProgressWatcher";
import { describeProblem, Problem } from "net/problems";
import { RojoProbe } from "rojo/RojoProbe";
import { PluginSettings } from "settings";
import { Actions } from "ui/App";
import { Store } from "ui/store";

export interface Services {
	settings: PluginSettings;
	device: DeviceFlow;
	account: Account;
	conversation: ConversationApi;
	progress: ProgressWatcher;
	inserter: LessonInserter;
	rojo: RojoProbe;
}

/**
 * The widget's behaviour: each action runs in its own thread (HTTP yields), writes what happened
 * into the store, and turns every failure into the banner's message.
 */
export class Controller implements Actions {
	private signInAttempt = 0;
	private stopWatching?: () => void;

	public constructor(
		private readonly store: Store,
		private readonly services: Services,
	) {}

	/** On load: a stored session signs in silently. */
	public start(): void {
		if (!this.services.account.hasStoredSession()) return;
		this.run(() => {
			this.store.auth({ state: "starting" });
			const resumed = this.services.account.resume();
			if (!resumed.ok) {
				this.store.auth({ state: "signedOut" });
				return this.problem(resumed.problem);
			}
			this.signedIn();
		});
	}

	public setServerUrl(url: string): void {
		const trimmed = url.gsub("%s+", "")[0].gsub("/+$", "")[0];
		if (trimmed.match("^https?://[%w%.%-%[%]:]+$")[0] === undefined) {
			this.store.banner(`"${url}" is not a server address like http://127.0.0.1:8009.`);
			return;
		}
		this.services.settings.set("ServerUrl", trimmed);
		this.store.serverUrl(trimmed);
		this.store.banner(undefined);
	}

	public signIn(): void {
		const attempt = ++this.signInAttempt;
		this.run(() => {
			this.store.auth({ state: "starting" });
			const started = this.services.device.start();
			if (!started.ok) {
				this.store.auth({ state: "signedOut" });
				return this.problem(started.problem);
			}
			const code = started.value;
			const expiresAt = os.clock() + code.expiresIn;
			this.store.auth({ state: "waiting", userCode: code.userCode, verificationUri: code.verificationUri, expiresAt });
			let interval = code.interval;
			while (attempt === this.signInAttempt) {
				task.wait(interval);
				if (attempt !== this.signInAttempt) return;
				if (os.clock() >= expiresAt) return this.signInFailed("The sign-in code expired before it was approved. Sign in again for a new code.");
				const outcome = this.services.device.poll(code.deviceCode, interval);
				if (outcome.kind === "pending") continue;
				if (outcome.kind === "slowDown") {
					interval = outcome.interval;
					continue;
				}
				if (outcome.kind === "tokens") {
					this.services.account.signedIn(outcome.tokens);
					return this.signedIn();
				}
				if (outcome.kind === "denied") return this.signInFailed("The sign-in was denied in the teacher app.");
				if (outcome.kind === "expired") return this.signInFailed("The sign-in code expired before it was approved. Sign in again for a new code.");
				if (outcome.problem.kind === "down" || outcome.problem.kind === "budget") {
					// Keep the code: the server may come back before it expires.
					this.problem(outcome.problem);
					continue;
				}
				return this.signInFailed(describeProblem(outcome.problem));
			}
		});
	}

	public signOut(): void {
		this.signInAttempt++;
		this.stopWatching?.();
		this.run(() => {
			const revoked = this.services.account.signOut();
			this.reset();
			if (revoked && !revoked.ok) this.problem(revoked.problem);
			else this.store.banner("Signed out. This plugin's sign-in was revoked on the server.");
		});
	}

	public send(text: string): void {
		const sessionId = this.store.sessionId();
		if (text.gsub("%s", "")[0] === "" || sessionId === undefined) return;
		this.run(() => {
			const turn = this.services.conversation.say(sessionId, text);
			if (!turn.ok) return this.problem(turn.problem);
			this.store.chat([...this.store.chat(), { role: "teacher", text }, { role: "assistant", text: turn.value.message }]);
			this.showTurn(turn.value);
		});
	}

	public generate(): void {
		const sessionId = this.store.sessionId();
		if (sessionId === undefined) return;
		this.run(() => {
			const started = this.services.conversation.generate(sessionId);
			if (!started.ok) return this.problem(started.problem);
			const { generationId, projectId } = started.value;
			this.store.generation({ state: "running", generationId, projectId, progress: 0 });
			this.stopWatching?.();
			this.stopWatching = this.services.progress.watch(generationId, {
				progress: (progress, message, via) => this.store.generation({ ...this.store.generation(), progress, message, via }),
				done: (contentId) => this.store.generation({ ...this.store.generation(), state: "done", progress: 100, contentId, message: undefined }),
				failed: (message) => this.store.generation({ ...this.store.generation(), state: "failed", message }),
				problem: (problem) => this.problem(problem),
			});
		});
	}

	public insert(): void {
		const g = this.store.generation();
		if (g.contentId === undefined || g.generationId === undefined) return;
		const ids = { contentId: g.contentId, generationId: g.generationId };
		this.run(() => this.showOutcome(this.services.inserter.insert(ids)));
	}

	public update(): void {
		this.run(() => this.showOutcome(this.services.inserter.update()));
	}

	public checkRojo(): void {
		const projectId = this.store.generation().projectId;
		if (projectId === undefined) return;
		this.run(() => {
			const report = this.services.rojo.check(projectId);
			if (typeIs(report, "string")) this.store.banner(report);
			else this.store.rojo({ steps: report.steps, status: report.status });
		});
	}

	private signedIn(): void {
		this.store.auth({ state: "signedIn" });
		this.store.banner(undefined);
		const started = this.services.conversation.start();
		if (!started.ok) return this.problem(started.problem);
		this.store.sessionId(started.value.sessionId);
		this.store.chat([{ role: "assistant", text: started.value.message }]);
		this.showTurn(started.value);
	}

	private signInFailed(message: string): void {
		this.store.auth({ state: "signedOut" });
		this.store.banner(message);
	}

	private showTurn(turn: Turn): void {
		this.store.stage({ name: turn.stage, number: turn.stageNumber, total: turn.totalStages });
		const facts = new Map<string, string>();
		for (const [key, value] of pairs(turn.collected)) facts.set(tostring(key), describeFact(value));
		this.store.facts(facts);
		this.store.missing(turn.missing);
	}

	private showOutcome(outcome: { ok: boolean; message: string }): void {
		this.store.result(outcome.message);
		if (outcome.ok) this.store.banner(undefined);
	}

	private reset(): void {
		this.store.auth({ state: "signedOut" });
		this.store.sessionId(undefined);
		this.store.chat([]);
		this.store.facts(new Map());
		this.store.generation({ state: "none", progress: 0 });
		this.store.result(undefined);
		this.store.rojo(undefined);
	}

	private problem(problem: Problem): void {
		if (problem.kind === "expired") this.reset();
		this.store.banner(describeProblem(problem));
	}

	private run(action: () => void): void {
		task.spawn(() => {
			const [ok, err] = pcall(action);
			if (!ok) this.store.banner(`Something went wrong in the plugin: ${tostring(err)}`);
		});
	}
}

function describeFact(value: unknown): string {
	if (typeIs(value, "table")) {
		const parts = new Array<string>();
		for (const [, v] of pairs(value as object)) parts.push(tostring(v));
		return parts.join(", ");
	}
	return tostring(value);
}
