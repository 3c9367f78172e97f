import { Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { LessonQuestion } from "shared/classroom/content";
import { ActivityUpdate } from "shared/classroom/payloads";
import { LiveSession } from "server/classroom/SessionService";
import { ActivityService } from "./ActivityService";
import { ActivityStation } from "./ActivityStation";

/**
 * A treasure chest (`TreasureChest`, attribute `QuestionIndex`): opening it asks its question
 * once per player; a right answer finds the treasure, a wrong one leaves the chest locked for
 * that player. `Found` counts the players who found it (public).
 */
@Component({ tag: "TreasureChest" })
export class TreasureChest extends ActivityStation implements OnStart {
	public readonly kind = "treasure_chest" as const;

	public constructor(activities: ActivityService) {
		super(activities);
	}

	public settled(player: Player, _session: LiveSession, _question: LessonQuestion, correct: boolean): ActivityUpdate {
		this.state.set(player.UserId, correct ? "found" : "missed");
		if (correct) this.bump("Found");
		return correct ? this.update("found", "You found the treasure!") : this.update("missed", "Not quite: this chest stays locked.");
	}
}
