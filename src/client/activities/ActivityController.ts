import { Controller, OnStart } from "@flamework/core";
import { CollectionService } from "@rbxts/services";
import { ClientEvents } from "client/network";
import { frame, label, screen } from "client/ui/widgets";
import { ActivityUpdate } from "shared/classroom/payloads";

/** Station tags (src/server/activities) and the prompt each shows. */
const ACTIONS: Record<string, string> = {
	TreasureChest: "Open chest",
	ObstacleGate: "Answer to open",
	OrderingBoard: "Put in order",
	NumberLine: "Place the marker",
	FractionBar: "Shade the bar",
	FlashcardDeck: "Draw a card",
};

/**
 * Activity stations on this client: a ProximityPrompt on each tagged station sends `useStation`;
 * the question then arrives like any other (QuizController shows it), and station updates from
 * the server show here. A gate opened for this player is made passable on this client only,
 * so it stays shut for everyone who has not answered it.
 */
@Controller()
export class ActivityController implements OnStart {
	private last?: ActivityUpdate;

	public onStart(): void {
		for (const [tag] of pairs(ACTIONS)) {
			for (const instance of CollectionService.GetTagged(tag)) this.addPrompt(instance, tag);
			CollectionService.GetInstanceAddedSignal(tag).Connect((instance) => this.addPrompt(instance, tag));
		}
		ClientEvents.classroom.activity.connect((update) => this.onUpdate(update));
	}

	/** Uses a station, as its prompt does. */
	public use(station: BasePart): void {
		ClientEvents.classroom.useStation.fire(station);
	}

	public lastUpdate(): ActivityUpdate | undefined {
		return this.last;
	}

	private addPrompt(instance: Instance, tag: string): void {
		if (!instance.IsA("BasePart") || instance.FindFirstChild("ActivityPrompt")) return;
		const prompt = new Instance("ProximityPrompt");
		prompt.Name = "ActivityPrompt";
		prompt.ActionText = ACTIONS[tag];
		prompt.HoldDuration = 0;
		prompt.MaxActivationDistance = 12;
		prompt.RequiresLineOfSight = false;
		prompt.Triggered.Connect(() => this.use(instance));
		prompt.Parent = instance;
	}

	private onUpdate(update: ActivityUpdate): void {
		this.last = update;
		const station = byFullName(update.station);
		if (station && station.IsA("BasePart")) {
			if (update.kind === "obstacle_gate" && update.status === "open") {
				station.CanCollide = false;
				station.Transparency = 0.8;
			}
			const lid = station.FindFirstChild("Lid");
			if (update.kind === "treasure_chest" && update.status === "found" && lid && lid.IsA("BasePart")) lid.Transparency = 1;
		}
		const text = update.message !== "" ? update.message : update.status === "placed" ? `Placed ${update.progress} of ${update.total}` : "";
		if (text === "") return;
		const gui = screen("ClassroomActivity", 4);
		const panel = (gui.FindFirstChild("Panel") as Frame | undefined) ?? frame("Panel", gui, new UDim2(0.3, 0, 0.02, 0), new UDim2(0.4, 0, 0.08, 0));
		const message = panel.FindFirstChild("Message");
		if (message && message.IsA("TextLabel")) message.Text = text;
		else label("Message", panel, text, new UDim2(0.02, 0, 0.05, 0), new UDim2(0.96, 0, 0.9, 0), 24);
	}
}

/** "Workspace.Classroom.ObstacleGate1" -> that instance on this client, if it is there. */
function byFullName(path: string): Instance | undefined {
	let current: Instance | undefined = game;
	for (const name of path.split(".")) {
		current = current?.FindFirstChild(name);
		if (!current) return undefined;
	}
	return current;
}
