import { BaseComponent, Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { ClockService } from "server/time/ClockService";

interface ZoneAttributes {
	zoneName: string;
}

/**
 * A part tagged `ClassroomZone` marks where a lesson happens. On start it stamps `OpenedAt`
 * so later features (quiz boards, session gates) can tell the zone is live.
 */
@Component({ tag: "ClassroomZone", defaults: { zoneName: "Classroom" } })
export class ClassroomZone extends BaseComponent<ZoneAttributes, BasePart> implements OnStart {
	public constructor(private readonly clock: ClockService) {
		super();
	}

	public onStart(): void {
		this.instance.SetAttribute("OpenedAt", this.clock.now());
		print(`[ClassroomZone] ${this.attributes.zoneName} is open`);
	}
}
