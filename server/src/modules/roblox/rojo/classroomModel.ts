import type { LessonContent } from "../../content/types.js";

/**
 * The classroom as a Rojo 7 JSON model (`Workspace.Classroom`): a floor, one anchored Part per
 * scene object, and one QuizBoard per question. Quiz boards carry the CollectionService tag
 * `QuizBoard` (Rojo `Tags` property) and the attribute `QuestionIndex` (0-based index into the
 * content module's `quiz.questions`, the same `questionIndex` the content generator puts on its
 * quiz_board objects) plus `QuestionId`. No question text, options or
 * answer key is placed here: Workspace replicates to every client; the content module in
 * ServerStorage holds the quiz.
 */
export interface JsonModel {
	name?: string;
	className: string;
	properties?: Record<string, unknown>;
	attributes?: Record<string, string | number | boolean>;
	children?: JsonModel[];
}

const QUIZ_BOARD_TYPES = new Set(["quiz_board", "quizboard", "quiz"]);

const MATERIALS: Record<string, string> = {
	wood: "Wood",
	concrete: "Concrete",
	grass: "Grass",
	brick: "Brick",
	marble: "Marble",
	metal: "Metal",
	sand: "Sand",
	slate: "Slate",
	glass: "Glass",
	plastic: "SmoothPlastic",
	fabric: "Fabric",
	ice: "Ice",
};

const SIZES: Record<string, [number, number, number]> = {
	blackboard: [14, 7, 0.5],
	whiteboard: [14, 7, 0.5],
	desk: [4, 2.5, 2.5],
	table: [6, 3, 4],
	quiz_board: [10, 6, 0.5],
	sign: [6, 3, 0.5],
};

export function classroomModel(content: LessonContent): JsonModel {
	const hasFloor = content.objects.some((o) => o.type.toLowerCase() === "floor");
	const children: JsonModel[] = hasFloor ? [] : [floor(content)];
	const used = new Set<number>();
	const questions = content.quiz.questions;
	let nextQuestion = 0;
	const names = new Map<string, number>();
	const uniqueName = (base: string) => {
		const n = (names.get(base) ?? 0) + 1;
		names.set(base, n);
		return `${base}${n}`;
	};

	for (const object of content.objects) {
		const type = object.type.toLowerCase();
		if (QUIZ_BOARD_TYPES.has(type)) {
			const wanted = object.properties.questionIndex;
			while (used.has(nextQuestion)) nextQuestion++;
			const index = typeof wanted === "number" && Number.isInteger(wanted) && wanted >= 0 && wanted < questions.length && !used.has(wanted) ? wanted : nextQuestion;
			if (index >= questions.length) continue;
			used.add(index);
			children.push(quizBoard(uniqueName("QuizBoard"), index, questions[index].id, cframe(object.position, object.properties.facingDegrees), sizeOf(object.properties.size)));
			continue;
		}
		children.push({
			name: uniqueName(pascal(type)),
			className: type === "spawn_location" ? "SpawnLocation" : "Part",
			properties: {
				Anchored: true,
				CFrame: cframe(object.position, object.properties.facingDegrees),
				Size: sizeOf(object.properties.size) ?? SIZES[type] ?? [4, 4, 4],
				Material: "SmoothPlastic",
				Color: colorOf(object.properties.color),
			},
			attributes: { ObjectType: object.type, ...primitiveAttributes(object.properties) },
		});
	}
	// Every question gets a board; boards the content did not place stand in a row at the back.
	for (let index = 0; index < questions.length; index++) {
		if (used.has(index)) continue;
		children.push(quizBoard(uniqueName("QuizBoard"), index, questions[index].id, cframe([-24 + (index % 5) * 12, 4, -40 - Math.floor(index / 5) * 10])));
	}
	return { className: "Model", attributes: { EnvironmentType: content.terrain.type, Lighting: content.terrain.lighting }, children };
}

function quizBoard(name: string, index: number, questionId: string, at: number[], size?: [number, number, number]): JsonModel {
	return {
		name,
		className: "Part",
		properties: { Anchored: true, CFrame: at, Size: size ?? SIZES.quiz_board, Material: "SmoothPlastic", Tags: ["QuizBoard"] },
		attributes: { QuestionIndex: index, QuestionId: questionId },
	};
}

function floor(content: LessonContent): JsonModel {
	const material = MATERIALS[(content.terrain.materials[0] ?? "").toLowerCase()] ?? "SmoothPlastic";
	return { name: "Floor", className: "Part", properties: { Anchored: true, CFrame: cframe([0, -0.5, 0]), Size: [80, 1, 80], Material: material } };
}

/** Properties that shape the part itself rather than describe the object. */
const LAYOUT_KEYS = new Set(["size", "anchored", "tag", "facingDegrees", "questionIndex", "objectType", "color"]);

/** Scene-object properties that fit Roblox attributes (string, finite number, boolean), capped in size. */
function primitiveAttributes(properties: Record<string, unknown>): Record<string, string | number | boolean> {
	const out: Record<string, string | number | boolean> = {};
	for (const [key, value] of Object.entries(properties)) {
		const name = pascal(key);
		if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(name) || LAYOUT_KEYS.has(key)) continue;
		if (typeof value === "string") out[name] = value.slice(0, 1000);
		else if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) out[name] = value;
	}
	return out;
}

/**
 * Rojo's 12-number CFrame (position, then the rotation matrix rows), turned `degrees` about Y.
 * Parts are placed by CFrame, not Position: BasePart.Position is not serialized, so a built
 * place would drop it.
 */
function cframe(position: [number, number, number], degrees?: unknown): number[] {
	const angle = typeof degrees === "number" && Number.isFinite(degrees) ? (degrees * Math.PI) / 180 : 0;
	const c = round(Math.cos(angle));
	const s = round(Math.sin(angle));
	return [...position, c, 0, s, 0, 1, 0, -s, 0, c];
}

const round = (n: number) => Math.round(n * 1e6) / 1e6 + 0;

function sizeOf(value: unknown): [number, number, number] | undefined {
	return Array.isArray(value) && value.length === 3 && value.every((n) => typeof n === "number" && Number.isFinite(n) && n > 0) ? (value as [number, number, number]) : undefined;
}

const COLORS: Record<string, [number, number, number]> = {
	black: [0.1, 0.1, 0.1],
	white: [0.95, 0.95, 0.95],
	green: [0.2, 0.5, 0.25],
	brown: [0.45, 0.3, 0.15],
	blue: [0.2, 0.35, 0.8],
	red: [0.8, 0.2, 0.2],
	yellow: [0.95, 0.85, 0.3],
	gray: [0.6, 0.6, 0.6],
};

const colorOf = (value: unknown): [number, number, number] => (typeof value === "string" && COLORS[value.toLowerCase()]) || [0.64, 0.64, 0.64];

const pascal = (value: string): string =>
	value
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((part) => part[0].toUpperCase() + part.slice(1))
		.join("") || "Object";
