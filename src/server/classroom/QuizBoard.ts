import { BaseComponent, Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { LiveSession, SessionService } from "./SessionService";

interface BoardAttributes {
	QuestionIndex: number;
}

/**
 * A part tagged `QuizBoard` shows question `QuestionIndex` of the running session. The server
 * only publishes the board's state as attributes (Status idle/open/locked, QuestionId, ClosesAt,
 * Answered); each client draws the question on the board in its own option order from the
 * payload the server sent that player, so the board itself never holds options or the key.
 */
@Component({ tag: "QuizBoard", defaults: { QuestionIndex: 0 } })
export class QuizBoard extends BaseComponent<BoardAttributes, BasePart> implements OnStart {
	private disconnect?: () => void;

	public constructor(private readonly sessions: SessionService) {
		super();
	}

	public onStart(): void {
		this.disconnect = this.sessions.changed.connect((session) => this.render(session));
		const session = this.sessions.current();
		if (session) this.render(session);
		else this.instance.SetAttribute("Status", "idle");
	}

	public destroy(): void {
		this.disconnect?.();
		super.destroy();
	}

	private render(session: LiveSession): void {
		const round = session.round;
		const mine = round !== undefined && round.index === this.attributes.QuestionIndex && session.status !== "ended";
		this.instance.SetAttribute("Status", !mine ? "idle" : round.locked ? "locked" : "open");
		this.instance.SetAttribute("QuestionId", mine ? round.question.id : "");
		this.instance.SetAttribute("ClosesAt", mine ? round.closesAt : 0);
		this.instance.SetAttribute("Answered", mine ? round.answered.size() : 0);
	}
}
