import { Controller, OnStart } from "@flamework/core";
import { CollectionService, RunService, Workspace } from "@rbxts/services";
import { ClientEvents } from "client/network";
import { button, frame, label, playerGui, screen } from "client/ui/widgets";
import { AnswerResult, QuestionView } from "shared/classroom/payloads";

const OPTION_COLOURS = [
	Color3.fromRGB(226, 27, 60),
	Color3.fromRGB(19, 104, 206),
	Color3.fromRGB(216, 158, 0),
	Color3.fromRGB(38, 137, 12),
	Color3.fromRGB(134, 60, 180),
	Color3.fromRGB(0, 140, 140),
];

/**
 * Shows the question the server sent this player, on screen and on its quiz board (a SurfaceGui
 * adorned to the board with the same QuestionIndex), and sends the chosen slot. Options are
 * chosen by click or touch here, by keys 1-6 or gamepad A/B/X/Y through ClassroomInputController;
 * the first choice locks the question.
 */
@Controller()
export class QuizController implements OnStart {
	private view?: QuestionView;
	private chosen = false;
	/** Ordering questions: the slots picked so far, in order. */
	private picked: number[] = [];
	private lastResult?: AnswerResult;
	private countdown?: TextLabel;

	public onStart(): void {
		const events = ClientEvents.classroom;
		events.question.connect((view) => this.show(view));
		events.answerResult.connect((result) => this.onResult(result));
		events.questionClosed.connect((questionId) => {
			if (this.view?.questionId === questionId) this.close("Time's up!");
		});
		// Under StreamingEnabled a board far from the player is not on this client yet: draw the
		// question on it when it streams in, and let go of it when it streams out.
		CollectionService.GetInstanceAddedSignal("QuizBoard").Connect((board) => {
			if (!this.view || !this.boardShows(board, this.view)) return;
			this.drawOnBoard(this.view);
			if (this.chosen) this.setButtonsEnabled(false);
		});
		CollectionService.GetInstanceRemovedSignal("QuizBoard").Connect((board) => {
			const surface = playerGui().FindFirstChild("ClassroomBoard");
			if (surface?.IsA("SurfaceGui") && surface.Adornee === board) surface.Destroy();
		});
		RunService.Heartbeat.Connect(() => this.tick());
		events.requestState.fire();
	}

	/** The question on screen, if any. */
	public current(): QuestionView | undefined {
		return this.view;
	}

	public result(): AnswerResult | undefined {
		return this.lastResult;
	}

	/** Sends the option at `slot` (as shown to this player); an ordering takes every slot once, in order. */
	public choose(slot: number): void {
		const view = this.view;
		if (!view || this.chosen || slot < 0 || slot >= view.options.size()) return;
		if (view.kind === "ordering") {
			if (this.picked.includes(slot)) return;
			this.picked.push(slot);
			ClientEvents.classroom.submitAnswer.fire(view.questionId, slot);
			if (this.picked.size() < view.options.size()) {
				this.setStatus(`Placed ${this.picked.size()} of ${view.options.size()}: ${this.picked.map((s) => view.options[s]).join(", ")}`);
				return;
			}
		}
		this.chosen = true;
		if (view.kind !== "ordering") ClientEvents.classroom.submitAnswer.fire(view.questionId, slot);
		this.setStatus("Answer sent...");
		this.setButtonsEnabled(false);
	}

	private show(view: QuestionView): void {
		this.view = view;
		this.chosen = false;
		this.picked = [];
		this.lastResult = undefined;
		const gui = screen("ClassroomQuiz", 5);
		gui.ClearAllChildren();
		const panel = frame("Panel", gui, new UDim2(0.1, 0, 0.55, 0), new UDim2(0.8, 0, 0.42, 0));
		label("Question", panel, view.text, new UDim2(0.02, 0, 0.02, 0), new UDim2(0.78, 0, 0.3, 0));
		this.countdown = label("Countdown", panel, "", new UDim2(0.82, 0, 0.02, 0), new UDim2(0.16, 0, 0.3, 0));
		label("Status", panel, view.hints.size() > 0 ? `Hint: ${view.hints[0]}` : "", new UDim2(0.02, 0, 0.86, 0), new UDim2(0.96, 0, 0.12, 0), 20);
		this.drawOptions(panel, view, new UDim2(0.02, 0, 0.34, 0), new UDim2(0.96, 0, 0.5, 0));
		this.drawOnBoard(view);
	}

	private drawOptions(parent: Instance, view: QuestionView, position: UDim2, size: UDim2): void {
		const area = new Instance("Frame");
		area.Name = "Options";
		area.BackgroundTransparency = 1;
		area.Position = position;
		area.Size = size;
		area.Parent = parent;
		const columns = 2;
		const rows = math.ceil(view.options.size() / columns);
		view.options.forEach((text, slot) => {
			const col = slot % columns;
			const row = math.floor(slot / columns);
			const b = button(
				`Option${slot + 1}`,
				area,
				`${slot + 1}. ${text}`,
				new UDim2(col / columns + 0.01, 0, row / rows + 0.02, 0),
				new UDim2(1 / columns - 0.02, 0, 1 / rows - 0.04, 0),
				() => this.choose(slot),
			);
			b.BackgroundColor3 = OPTION_COLOURS[slot % OPTION_COLOURS.size()];
		});
	}

	private drawOnBoard(view: QuestionView): void {
		playerGui().FindFirstChild("ClassroomBoard")?.Destroy();
		const board = CollectionService.GetTagged("QuizBoard").find((b) => this.boardShows(b, view)) as BasePart | undefined;
		if (!board) return;
		const surface = new Instance("SurfaceGui");
		surface.Name = "ClassroomBoard";
		surface.Adornee = board;
		surface.Face = Enum.NormalId.Front;
		surface.SizingMode = Enum.SurfaceGuiSizingMode.PixelsPerStud;
		surface.PixelsPerStud = 50;
		surface.Parent = playerGui();
		const panel = frame("Panel", surface, new UDim2(0, 0, 0, 0), new UDim2(1, 0, 1, 0));
		label("Question", panel, view.text, new UDim2(0.02, 0, 0.02, 0), new UDim2(0.96, 0, 0.3, 0), 80);
		this.drawOptions(panel, view, new UDim2(0.02, 0, 0.36, 0), new UDim2(0.96, 0, 0.62, 0));
	}

	private boardShows(board: Instance, view: QuestionView): boolean {
		return board.IsA("BasePart") && board.GetAttribute("QuestionIndex") === view.index;
	}

	private onResult(result: AnswerResult): void {
		if (this.view?.questionId !== result.questionId) return;
		this.lastResult = result;
		const text =
			result.outcome === "right"
				? `Correct! +${result.earned}${result.streakBonus > 0 ? ` (streak +${result.streakBonus})` : ""}`
				: result.outcome === "wrong"
					? "Not quite."
					: result.outcome === "already"
						? "You already answered."
						: "Too late!";
		this.setStatus(text);
		this.setButtonsEnabled(false);
	}

	private close(text: string): void {
		this.setButtonsEnabled(false);
		if (!this.lastResult) this.setStatus(text);
		this.chosen = true;
	}

	private tick(): void {
		const view = this.view;
		// The engine keeps the client's estimate of the server clock: no remote, nothing to rate-limit.
		const now = Workspace.GetServerTimeNow();
		if (!view || !this.countdown) return;
		this.countdown.Text = tostring(math.max(0, math.ceil(view.closesAt - now)));
	}

	private setStatus(text: string): void {
		const status = playerGui().FindFirstChild("ClassroomQuiz")?.FindFirstChild("Panel")?.FindFirstChild("Status");
		if (status && status.IsA("TextLabel")) status.Text = text;
	}

	private setButtonsEnabled(enabled: boolean): void {
		for (const root of [playerGui().FindFirstChild("ClassroomQuiz"), playerGui().FindFirstChild("ClassroomBoard")]) {
			for (const d of root?.GetDescendants() ?? []) {
				if (d.IsA("TextButton")) {
					d.Active = enabled;
					d.AutoButtonColor = enabled;
					d.BackgroundTransparency = enabled ? 0 : 0.5;
				}
			}
		}
	}
}
