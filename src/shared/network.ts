import { Networking } from "@flamework/networking";
import type { TimeSyncReply } from "./time/timeSync";

/**
 * The wire contract between clients and the server. Flamework names events after the side
 * that receives them and generates a t-guard from each parameter type, so a client that
 * sends the wrong shape is dropped before any handler runs.
 */
export const GlobalEvents = Networking.createEvent<ServerEvents, ClientEvents>();

/** Fired by a client, handled by the server. */
interface ServerEvents {
	/** Ask for the server clock; `clientSentAt` is echoed back so the client can measure the round trip. */
	requestTimeSync(clientSentAt: number): void;
}

/** Fired by the server, handled by a client. */
interface ClientEvents {
	timeSync(reply: TimeSyncReply): void;
}
