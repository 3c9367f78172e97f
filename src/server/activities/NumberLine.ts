import { Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { ActivityService } from "./ActivityService";
import { SingleTryStation } from "./SingleTryStation";

/**
 * A number line (`NumberLine`, `QuestionIndex`, `Marks`, `From`, `To`; child parts `Mark1..n`):
 * the player puts the marker on the mark of the asked value. Only the ends are labelled.
 */
@Component({ tag: "NumberLine" })
export class NumberLine extends SingleTryStation implements OnStart {
	public readonly kind = "number_line" as const;
	protected readonly rightText = "The marker is in the right place!";

	public constructor(activities: ActivityService) {
		super(activities);
	}
}
