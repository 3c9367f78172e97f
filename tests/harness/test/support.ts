import path from "node:path";
import { fileURLToPath } from "node:url";
import { Place, startPlace, StartOptions } from "..";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

/** A place with no game code: just the engine, for testing the engine itself. */
export function startEmptyPlace(options: StartOptions = {}): Promise<Place> {
	return startPlace({ project: path.join(FIXTURES, "empty.project.json"), ...options });
}
