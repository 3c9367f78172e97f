import { Networking } from "@flamework/networking";
import type { ActivityUpdate, AnswerResult, HudView, QuestionView, SessionView, TeacherCommand, TeacherView } from "./classroom/payloads";

export interface LicenseNotice {
	active: boolean;
	message: string;
}

/**
 * The wire contract between clients and the server. Flamework names events after the side
 * that receives them and generates a t-guard from each parameter type, so a client that
 * sends the wrong shape is dropped before any handler runs.
 */
export const GlobalEvents = Networking.createEvent<ServerEvents, ClientEvents>();

/** Fired by a client, handled by the server. */
interface ServerEvents {
	/** The classroom: answers, teacher commands, joining by code (src/server/classroom). */
	classroom: {
		/** `slot` is the position of the option as this player saw it. */
		submitAnswer(questionId: string, slot: number): void;
		teacherCommand(command: TeacherCommand): void;
		joinWithCode(code: string): void;
		/** A client that just loaded asks for the session, its question and its HUD. */
		requestState(): void;
		/** The player used an activity station (its ProximityPrompt): a chest, gate, board, line, bar or deck. */
		useStation(station: BasePart): void;
	};
}

/** Fired by the server, handled by a client. */
interface ClientEvents {
	/** Classroom features switched off (with why) or back on (src/server/licensing); never the licence itself. */
	licenseNotice(notice: LicenseNotice): void;
	/** The classroom as this player may see it; never the answer key. */
	classroom: {
		session(view: SessionView): void;
		question(view: QuestionView): void;
		questionClosed(questionId: string): void;
		answerResult(result: AnswerResult): void;
		hud(view: HudView): void;
		teacher(view: TeacherView): void;
		/** What happened at a station this player used (src/server/activities). */
		activity(update: ActivityUpdate): void;
	};
}
