import { OnStart, Service } from "@flamework/core";
import { SessionService } from "server/classroom/SessionService";
import { LicenseService } from "./LicenseService";

/**
 * Classroom features follow the licence: a running session ends when the licence goes inactive
 * (its results are still reported). SessionService.launch refuses while it is inactive, and the
 * quiz remotes have nothing to act on without a running session.
 */
@Service()
export class ClassroomLicenseGate implements OnStart {
	public constructor(
		private readonly license: LicenseService,
		private readonly sessions: SessionService,
	) {}

	public onStart(): void {
		this.license.onChanged.connect((status) => {
			if (!status.active) this.sessions.end();
		});
	}
}
