import type { LessonContent, SceneObject } from "./types.js";

/**
 * The place a lesson builds: terrain plus a classroom with a blackboard, a spawn and one quiz
 * board per question. Boards stand on the floor in an arc facing the spawn, 4 studs tall at
 * their centre (bottom edge at 1 stud), so every player can walk up to and touch each one.
 * The game's QuizBoard component binds parts tagged `QuizBoard` and reads `questionIndex`.
 */
const TERRAINS: Record<string, LessonContent["terrain"]> = {
	classroom: { type: "classroom", materials: ["concrete", "wood"], lighting: "bright" },
	outdoor: { type: "outdoor", materials: ["grass", "ground", "rock"], lighting: "daylight" },
	laboratory: { type: "laboratory", materials: ["smooth_plastic", "metal", "glass"], lighting: "bright" },
	space: { type: "space", materials: ["basalt", "slate"], lighting: "night" },
	underwater: { type: "underwater", materials: ["sand", "water", "rock"], lighting: "dim" },
};

export const ENVIRONMENT_TYPES = Object.keys(TERRAINS);

export function terrainFor(environmentType: string | undefined): LessonContent["terrain"] {
	return TERRAINS[(environmentType ?? "classroom").toLowerCase()] ?? { ...TERRAINS.classroom, type: environmentType ?? "classroom" };
}

export const BOARD_RING_RADIUS = 24;
export const BOARD_CENTRE_HEIGHT = 4;
export const FLOOR_HALF_SIZE = 60;

export function classroomObjects(title: string, questionCount: number): SceneObject[] {
	return [
		{ type: "floor", position: [0, 0, 0], properties: { size: [FLOOR_HALF_SIZE * 2, 1, FLOOR_HALF_SIZE * 2], anchored: true } },
		{ type: "spawn_location", position: [0, 1, 0], properties: { neutral: true } },
		{ type: "blackboard", position: [0, 6, -(BOARD_RING_RADIUS + 8)], properties: { text: title, color: "black", size: [24, 10, 1] } },
		...boardObjects(Array.from({ length: questionCount }, (_, i) => i)),
	];
}

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
