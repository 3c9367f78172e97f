import type { SceneObject } from "./types.js";
import { THEME_IDS } from "./worlds/catalogue.js";

/**
 * Where quiz boards stand in a lesson's world (the rest of the world: worlds/build.ts). Boards
 * stand on the floor in an arc facing the spawn, 4 studs tall at their centre (bottom edge at
 * 1 stud), so every player can walk up to and touch each one. The game's QuizBoard component
 * binds parts tagged `QuizBoard` and reads `questionIndex`.
 */

/** Environments a lesson can be built in: the worlds catalogue's themes (see worlds/README.md). */
export const ENVIRONMENT_TYPES: readonly string[] = THEME_IDS;

export const BOARD_RING_RADIUS = 24;
export const BOARD_CENTRE_HEIGHT = 4;

/** Quiz boards for the given question indexes, in an arc facing the spawn (see the module comment). */
export function boardObjects(questionIndexes: number[]): SceneObject[] {
	const questionCount = questionIndexes.length;
	const objects: SceneObject[] = [];
	// Spread boards over at most a half circle in front of the blackboard's opposite side, so
	// neighbours are at least ~8 studs apart and all are within a short walk of the spawn.
	const arc = Math.min(Math.PI, Math.max(Math.PI / 3, (questionCount - 1) * 0.4));
	for (let i = 0; i < questionCount; i++) {
		const angle = questionCount === 1 ? 0 : -arc / 2 + (arc * i) / (questionCount - 1);
		const radius = BOARD_RING_RADIUS + (questionCount > 8 ? (i % 2) * 10 : 0);
		const x = round(Math.sin(angle) * radius);
		const z = round(Math.cos(angle) * radius);
		objects.push({
			type: "quiz_board",
			position: [x, BOARD_CENTRE_HEIGHT, z],
			properties: { questionIndex: questionIndexes[i], tag: "QuizBoard", size: [8, 6, 1], facingDegrees: round((angle * 180) / Math.PI + 180) },
		});
	}
	return objects;
}

const round = (n: number) => Math.round(n * 100) / 100;
