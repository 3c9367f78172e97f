import { BaseComponent } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { LessonQuestion } from "shared/classroom/content";
import { ActivityUpdate, StationKind } from "shared/classroom/payloads";
import { LiveSession } from "server/classroom/SessionService";
import { ActivityService, Station } from "./ActivityService";

export interface StationAttributes {
	/** Index into the lesson's quiz.questions (decks use QuestionIndexes instead). */
	QuestionIndex?: number;
}

/**
 * The common shape of a station component: it registers with ActivityService while it exists,
 * keeps per-player state for the running session only (a new session starts everyone afresh),
 * and by default asks its one question once per player. Subclasses say what a right or wrong
 * answer does; each concrete station must say `implements OnStart` itself (Flamework reads
 * lifecycle hooks from the decorated class). Public attributes it sets (Found, Finished counts) are tallies, never a key.
 */
export abstract class ActivityStation<A extends StationAttributes = StationAttributes>
	extends BaseComponent<A, BasePart>
	implements OnStart, Station
{
	public abstract readonly kind: StationKind;
	private unregister?: () => void;
	private sessionId?: string;
	/** Per player (user id) for the current session: what they did here. */
	protected state = new Map<number, string>();

	public constructor(protected readonly activities: ActivityService) {
		super();
	}

	public onStart(): void {
		this.unregister = this.activities.register(this);
	}

	public destroy(): void {
		this.unregister?.();
		super.destroy();
	}

	public questionFor(player: Player, session: LiveSession): LessonQuestion | string {
		this.sync(session);
		const question = this.activities.questionAt(session, this.instance.GetAttribute("QuestionIndex"));
		if (!question) return "This station is not part of the lesson.";
		if (this.state.has(player.UserId)) return "You already did this one.";
		return question;
	}

	public finishedBy(userId: number, session: LiveSession): boolean {
		this.sync(session);
		return this.activities.questionAt(session, this.instance.GetAttribute("QuestionIndex")) === undefined || this.state.has(userId);
	}

	public abstract settled(player: Player, session: LiveSession, question: LessonQuestion, correct: boolean): ActivityUpdate;

	protected update(status: ActivityUpdate["status"], message: string, progress = 0, total = 0): ActivityUpdate {
		return { station: this.instance.GetFullName(), kind: this.kind, status, progress, total, message };
	}

	/** Forgets the last session's players when a new session runs. */
	protected sync(session: LiveSession): void {
		if (this.sessionId === session.id) return;
		this.sessionId = session.id;
		this.state.clear();
		this.reset();
	}

	/** Subclasses clear their own per-session state here. */
	protected reset(): void {}

	/** Adds one to a public tally attribute (how many players found/finished this). */
	protected bump(attribute: string): void {
		const value = this.instance.GetAttribute(attribute);
		this.instance.SetAttribute(attribute, (typeIs(value, "number") ? value : 0) + 1);
	}
}
