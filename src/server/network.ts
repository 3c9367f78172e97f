import { GlobalEvents } from "shared/network";

/** The server end of the event contract; handlers attach in services. */
export const ServerEvents = GlobalEvents.createServer({});
