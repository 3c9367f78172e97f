import { Controller, OnStart } from "@flamework/core";
import { ClientEvents } from "client/network";
import { frame, label, screen } from "client/ui/widgets";

/** A banner across the top while the server says classroom features are off (and briefly when they are back). */
@Controller()
export class LicenseNoticeController implements OnStart {
	private banner?: { panel: Frame; text: TextLabel };
	private shownAt = 0;

	public onStart(): void {
		ClientEvents.licenseNotice.connect((notice) => {
			const banner = this.banner ?? this.build();
			banner.text.Text = notice.message;
			banner.panel.Visible = true;
			const at = ++this.shownAt;
			if (notice.active) {
				task.delay(8, () => {
					if (this.shownAt === at) banner.panel.Visible = false;
				});
			}
		});
	}

	private build() {
		const gui = screen("LicenseNotice", 10);
		const panel = frame("Banner", gui, new UDim2(0.2, 0, 0.02, 0), new UDim2(0.6, 0, 0.08, 0));
		const text = label("Message", panel, "", new UDim2(0.02, 0, 0.05, 0), new UDim2(0.96, 0, 0.9, 0), 24);
		this.banner = { panel, text };
		return this.banner;
	}
}
