import { Component } from "@flamework/components";
import { OnStart } from "@flamework/core";
import { Workspace } from "@rbxts/services";
import { LessonQuestion } from "shared/classroom/content";
import { ActivityUpdate } from "shared/classroom/payloads";
import { LiveSession } from "server/classroom/SessionService";
import { ActivityService } from "./ActivityService";
import { ActivityStation, StationAttributes } from "./ActivityStation";

interface GateAttributes extends StationAttributes {
	/** 1-based place in the course: gates open in order. */
	Step: number;
}

/** Seconds a player waits after a wrong answer before trying a gate again. */
export const GATE_RETRY_SECONDS = 5;

/**
 * A gate of the obstacle course (`ObstacleGate`, `QuestionIndex`, `Step`). Gates open in step
 * order and for one player at a time: a right answer opens this gate for that player only (their
 * client makes it passable); a wrong one keeps it shut for GATE_RETRY_SECONDS, then they may try
 * again (only the first answer scores). The course is finished when all its gates are open.
 */
@Component({ tag: "ObstacleGate", defaults: { Step: 1 } })
export class ObstacleGate extends ActivityStation<GateAttributes> implements OnStart {
	public readonly kind = "obstacle_gate" as const;
	private readonly retryAt = new Map<number, number>();

	public constructor(activities: ActivityService) {
		super(activities);
	}

	public questionFor(player: Player, session: LiveSession): LessonQuestion | string {
		const question = super.questionFor(player, session);
		if (typeIs(question, "string")) return this.state.has(player.UserId) ? "This gate is already open for you." : question;
		const wait = (this.retryAt.get(player.UserId) ?? 0) - Workspace.GetServerTimeNow();
		if (wait > 0) return `Try again in ${math.ceil(wait)} s.`;
		// Stations come from a map (no order): name the earliest gate still shut, not any of them.
		let before: number | undefined;
		for (const gate of this.gates(session)) {
			const step = gate.step();
			if (step < this.step() && !gate.isOpenFor(player.UserId) && (before === undefined || step < before)) before = step;
		}
		if (before !== undefined) return `Open gate ${before} first.`;
		return question;
	}

	public settled(player: Player, session: LiveSession, _question: LessonQuestion, correct: boolean): ActivityUpdate {
		const gates = this.gates(session);
		if (!correct) {
			this.retryAt.set(player.UserId, Workspace.GetServerTimeNow() + GATE_RETRY_SECONDS);
			return this.update("shut", `Not quite: try again in ${GATE_RETRY_SECONDS} s.`, gates.filter((g) => g.isOpenFor(player.UserId)).size(), gates.size());
		}
		this.state.set(player.UserId, "open");
		this.bump("Passed");
		const open = gates.filter((g) => g.isOpenFor(player.UserId)).size();
		return this.update("open", open === gates.size() ? "Course complete!" : "The gate opens!", open, gates.size());
	}

	/** The gate's place in the course (attributes are read directly: Flamework's guard does not see the base's attribute type). */
	public step(): number {
		const step = this.instance.GetAttribute("Step");
		return typeIs(step, "number") ? step : 1;
	}

	public isOpenFor(userId: number): boolean {
		return this.state.get(userId) === "open";
	}

	protected reset(): void {
		this.retryAt.clear();
	}

	/** The course: every gate whose question is in this lesson. */
	private gates(session: LiveSession): ObstacleGate[] {
		return this.activities
			.stationsOf("obstacle_gate")
			.filter((s): s is ObstacleGate => s instanceof ObstacleGate && this.activities.questionAt(session, s.instance.GetAttribute("QuestionIndex")) !== undefined)
			.map((g) => {
				g.sync(session);
				return g;
			});
	}
}
