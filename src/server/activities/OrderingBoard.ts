import { Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { ActivityService } from "./ActivityService";
import { SingleTryStation } from "./SingleTryStation";

/**
 * A timeline / ordering board (`OrderingBoard`, `QuestionIndex`, `Items`): the player picks the
 * items in order, one submitAnswer per pick; the whole order is scored once it is complete.
 * Items reach the player only in their question payload, shuffled, never in order.
 */
@Component({ tag: "OrderingBoard" })
export class OrderingBoard extends SingleTryStation implements OnStart {
	public readonly kind = "ordering_board" as const;
	protected readonly rightText = "All in the right order!";

	public constructor(activities: ActivityService) {
		super(activities);
	}
}
