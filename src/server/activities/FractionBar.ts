import { Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { ActivityService } from "./ActivityService";
import { SingleTryStation } from "./SingleTryStation";

/** A fraction bar (`FractionBar`, `QuestionIndex`, `Parts`; child parts `Part1..n`): shade the asked fraction. */
@Component({ tag: "FractionBar" })
export class FractionBar extends SingleTryStation implements OnStart {
	public readonly kind = "fraction_bar" as const;
	protected readonly rightText = "That's the right amount shaded!";

	public constructor(activities: ActivityService) {
		super(activities);
	}
}
