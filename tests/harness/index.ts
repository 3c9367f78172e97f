export { startPlace, Place } from "./place";
export type { StartOptions, SimPlayer, InboxEvent, OutputLine, Kick, InstanceSnapshot } from "./place";
export { Universe } from "./universe";
export type { DataStoreFault } from "./universe";
export { LuauRuntimeError, PlaceBlockedError } from "./errors";
export type { LuauErrorReport, BlockedWait } from "./errors";
