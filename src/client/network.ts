import { GlobalEvents } from "shared/network";

/** The client end of the event contract; handlers attach in controllers. */
export const ClientEvents = GlobalEvents.createClient({});
