/** An uncaught error in a Luau thread of the place (a script, a task, a signal handler). */
export interface LuauErrorReport {
	message: string;
	traceback: string;
	/** Full name of the script whose thread failed, when known. */
	script: string;
}

export interface BlockedWait {
	/** Full name of the script whose thread waits. */
	script: string;
	/** e.g. `ReplicatedStorage:WaitForChild("Missing")` */
	waitingOn: string;
	traceback: string;
}

export class LuauRuntimeError extends Error {
	constructor(readonly reports: LuauErrorReport[]) {
		super(reports.map((r) => `${r.message}\n${indent(r.traceback)}`).join("\n\n"));
		this.name = "LuauRuntimeError";
	}
}

export class PlaceBlockedError extends Error {
	constructor(readonly waits: BlockedWait[]) {
		super(
			"The place is blocked: nothing can run and these threads wait forever\n" +
				waits.map((w) => `  ${w.script || "(unknown script)"} waits on ${w.waitingOn}\n${indent(w.traceback, 4)}`).join("\n"),
		);
		this.name = "PlaceBlockedError";
	}
}

function indent(text: string, spaces = 2): string {
	return text
		.trim()
		.split("\n")
		.map((l) => " ".repeat(spaces) + l)
		.join("\n");
}
