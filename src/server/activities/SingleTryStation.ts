import { LessonQuestion } from "shared/classroom/content";
import { ActivityUpdate } from "shared/classroom/payloads";
import { LiveSession } from "server/classroom/SessionService";
import { ActivityStation } from "./ActivityStation";

/** A station each player tries once (ordering boards, number lines, fraction bars). */
export abstract class SingleTryStation extends ActivityStation {
	protected abstract readonly rightText: string;

	public settled(player: Player, _session: LiveSession, _question: LessonQuestion, correct: boolean): ActivityUpdate {
		this.state.set(player.UserId, correct ? "right" : "wrong");
		if (correct) this.bump("Solved");
		return this.update("done", correct ? this.rightText : "Not quite.", correct ? 1 : 0, 1);
	}
}
