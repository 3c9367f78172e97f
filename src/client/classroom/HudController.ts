import { Controller, OnStart } from "@flamework/core";
import { ClientEvents } from "client/network";
import { frame, label, screen } from "client/ui/widgets";
import { HudView, SessionView } from "shared/classroom/payloads";

/** Score, streak and rank of this player, and the session's leaderboard, top right. */
@Controller()
export class HudController implements OnStart {
	private hud?: HudView;
	private session?: SessionView;
	private labels?: { score: TextLabel; streak: TextLabel; board: TextLabel; title: TextLabel };

	public onStart(): void {
		ClientEvents.classroom.hud.connect((view) => {
			this.hud = view;
			this.render();
		});
		ClientEvents.classroom.session.connect((view) => {
			this.session = view;
			this.render();
		});
	}

	public state(): { hud?: HudView; session?: SessionView } {
		return { hud: this.hud, session: this.session };
	}

	private render(): void {
		const labels = this.labels ?? this.build();
		const hud = this.hud;
		const session = this.session;
		labels.title.Text = session && session.status !== "idle" ? `${session.lessonTitle} (${math.max(0, session.questionIndex + 1)}/${session.totalQuestions})` : "";
		labels.score.Text = hud ? `Score ${hud.sessionScore}  ·  Total ${hud.lifetimeScore}` : "";
		labels.streak.Text = hud && hud.streak > 1 ? `Streak x${hud.streak}${hud.rank > 0 ? `  ·  #${hud.rank}` : ""}` : hud && hud.rank > 0 ? `#${hud.rank}` : "";
		labels.board.Text = (session?.leaderboard ?? []).map((e, i) => `${i + 1}. ${e.name}  ${e.score}`).join("\n");
	}

	private build() {
		const gui = screen("ClassroomHud", 3);
		const panel = frame("Panel", gui, new UDim2(0.74, 0, 0.02, 0), new UDim2(0.25, 0, 0.34, 0));
		this.labels = {
			title: label("Lesson", panel, "", new UDim2(0.04, 0, 0.02, 0), new UDim2(0.92, 0, 0.14, 0), 24),
			score: label("Score", panel, "", new UDim2(0.04, 0, 0.17, 0), new UDim2(0.92, 0, 0.14, 0), 24),
			streak: label("Streak", panel, "", new UDim2(0.04, 0, 0.32, 0), new UDim2(0.92, 0, 0.12, 0), 20),
			board: label("Leaderboard", panel, "", new UDim2(0.04, 0, 0.46, 0), new UDim2(0.92, 0, 0.52, 0), 18),
		};
		return this.labels;
	}
}
