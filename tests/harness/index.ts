export { startPlace, Place } from "./place";
export type { StartOptions, OutputLine, InstanceSnapshot } from "./place";
export { SimPlayer } from "./simPlayer";
export type { InboxEvent, Kick } from "./simPlayer";
export { Universe } from "./universe";
export type { DataStoreFault } from "./universe";
export { LuauRuntimeError, PlaceBlockedError } from "./errors";
export type { LuauErrorReport, BlockedWait } from "./errors";
