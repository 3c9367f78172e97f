import type { LessonContent, SceneObject } from "../../content/types.js";

/**
 * The classroom as a Rojo 7 JSON model (`Workspace.Classroom`): a floor, one anchored Part per
 * scene object, and one QuizBoard per question. Quiz boards carry the CollectionService tag
 * `QuizBoard` (Rojo `Tags` property) and the attribute `QuestionIndex` (0-based index into the
 * content module's `quiz.questions`, the same `questionIndex` the content generator puts on its
 * quiz_board objects) plus `QuestionId`. Activity stations (chests, gates, number lines,
 * fraction bars, ordering boards, flashcard decks; see ACTIVITY_PARTS) are tagged the same way
 * for their components in src/server/activities. No question text, options or
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
	const questionAt = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < questions.length ? value : undefined);

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
		const activity = ACTIVITY_PARTS[type];
		if (activity) {
			const index = questionAt(object.properties.questionIndex);
			if (activity.question && index === undefined) continue;
			if (index !== undefined) used.add(index);
			children.push(activity.build(uniqueName(activity.name), object, index === undefined ? undefined : { index, id: questions[index].id }));
			continue;
		}
		if (type === "flashcard_deck") {
			const indexes = String(object.properties.questionIndexes ?? "")
				.split(",")
				.map((n) => questionAt(Number(n)))
				.filter((n): n is number => n !== undefined);
			if (indexes.length === 0) continue;
			indexes.forEach((i) => used.add(i));
			children.push(stationPart(uniqueName("FlashcardDeck"), object, "FlashcardDeck", { Cards: indexes.length, QuestionIndexes: indexes.join(",") }));
			continue;
		}
		children.push({
			name: type === "prop" && typeof object.properties.name === "string" ? uniqueName(pascal(object.properties.name)) : uniqueName(pascal(type)),
			className: type === "spawn_location" ? "SpawnLocation" : "Part",
			properties: partProperties(object, SIZES[type] ?? [4, 4, 4]),
			attributes: { ObjectType: object.type, ...primitiveAttributes(object.properties) },
		});
	}
	// Every teacher-paced question gets a board; boards the content did not place stand in a row at the back.
	for (let index = 0; index < questions.length; index++) {
		if (used.has(index) || questions[index].activity) continue;
		children.push(quizBoard(uniqueName("QuizBoard"), index, questions[index].id, cframe([-24 + (index % 5) * 12, 4, -40 - Math.floor(index / 5) * 10])));
	}
	return { className: "Model", attributes: { EnvironmentType: content.terrain.type, Lighting: content.terrain.lighting }, children };
}

/**
 * Activity stations (src/server/activities): one tagged Part each, with only what every player
 * may see: the question's index and id, the station's layout (step, marks, parts, items) and
 * end labels of a number line. Never a question's text, options or key.
 */
const ACTIVITY_PARTS: Record<string, { name: string; question: boolean; build: (name: string, object: SceneObject, question?: { index: number; id: string }) => JsonModel }> = {
	treasure_chest: {
		name: "TreasureChest",
		question: true,
		build: (name, object, q) => {
			const chest = stationPart(name, object, "TreasureChest", questionAttributes(q));
			const [x, y, z] = object.position;
			chest.children = [{ name: "Lid", className: "Part", properties: { Anchored: true, CFrame: cframe([x, y + 1.75, z]), Size: [4, 0.5, 3], Material: "Wood", Color: [0.45, 0.3, 0.15] } }];
			return chest;
		},
	},
	obstacle_gate: {
		name: "ObstacleGate",
		question: true,
		build: (name, object, q) => stationPart(name, object, "ObstacleGate", { ...questionAttributes(q), Step: integer(object.properties.step, 1) }),
	},
	course_finish: {
		name: "CourseFinish",
		question: false,
		build: (name, object) => stationPart(name, object, "CourseFinish", { Steps: integer(object.properties.steps, 0) }),
	},
	ordering_board: {
		name: "OrderingBoard",
		question: true,
		build: (name, object, q) => stationPart(name, object, "OrderingBoard", { ...questionAttributes(q), Items: integer(object.properties.items, 0) }),
	},
	number_line: {
		name: "NumberLine",
		question: true,
		build: (name, object, q) => {
			const marks = integer(object.properties.marks, 2);
			const line = stationPart(name, object, "NumberLine", { ...questionAttributes(q), Marks: marks, From: label(object.properties.from), To: label(object.properties.to) });
			line.children = segments(object, marks, "Mark", [0.3, 2, 0.3], 16);
			return line;
		},
	},
	fraction_bar: {
		name: "FractionBar",
		question: true,
		build: (name, object, q) => {
			const parts = integer(object.properties.parts, 2);
			const bar = stationPart(name, object, "FractionBar", { ...questionAttributes(q), Parts: parts });
			bar.children = segments(object, parts, "Part", [12 / parts - 0.2, 2, 1.2], 12 - 12 / parts);
			return bar;
		},
	},
};

function stationPart(name: string, object: SceneObject, tag: string, attributes: Record<string, string | number | boolean>): JsonModel {
	return { name, className: "Part", properties: { ...partProperties(object, [4, 4, 4]), Tags: [tag] }, attributes };
}

const questionAttributes = (q?: { index: number; id: string }): Record<string, string | number> => (q ? { QuestionIndex: q.index, QuestionId: q.id } : {});

/** `count` equal parts laid left to right across `span` studs centred on the object, each with its 1-based position. */
function segments(object: SceneObject, count: number, base: string, size: [number, number, number], span: number): JsonModel[] {
	const [x, y, z] = object.position;
	return Array.from({ length: count }, (_, i) => ({
		name: `${base}${i + 1}`,
		className: "Part",
		properties: { Anchored: true, CFrame: cframe([round(x - span / 2 + (count === 1 ? 0 : (span * i) / (count - 1))), y + 0.5, z]), Size: size, Material: "SmoothPlastic", Color: [0.95, 0.95, 0.95] },
		attributes: { [base]: i + 1 },
	}));
}

function partProperties(object: SceneObject, fallbackSize: [number, number, number]): Record<string, unknown> {
	const p = object.properties;
	return {
		Anchored: true,
		CFrame: cframe(object.position, p.facingDegrees),
		Size: sizeOf(p.size) ?? fallbackSize,
		Material: materialOf(p.material),
		Color: rgbOf(p.rgb) ?? colorOf(p.color),
		...(p.shape === "Ball" || p.shape === "Cylinder" ? { Shape: p.shape } : {}),
	};
}

const integer = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isInteger(value) ? value : fallback);
const label = (value: unknown): string => (typeof value === "string" ? value.slice(0, 20) : "");

function quizBoard(name: string, index: number, questionId: string, at: number[], size?: [number, number, number]): JsonModel {
	return {
		name,
		className: "Part",
		properties: { Anchored: true, CFrame: at, Size: size ?? SIZES.quiz_board, Material: "SmoothPlastic", Tags: ["QuizBoard"] },
		attributes: { QuestionIndex: index, QuestionId: questionId },
	};
}

function floor(content: LessonContent): JsonModel {
	// Content from older generators has no floor object: the terrain's first material stands in.
	const material = MATERIALS[(content.terrain.materials[0] ?? "").toLowerCase()] ?? "SmoothPlastic";
	return { name: "Floor", className: "Part", properties: { Anchored: true, CFrame: cframe([0, -0.5, 0]), Size: [80, 1, 80], Material: material } };
}

/** Properties that shape the part itself rather than describe the object. */
const LAYOUT_KEYS = new Set(["size", "anchored", "tag", "facingDegrees", "questionIndex", "objectType", "color", "rgb", "material", "shape", "name"]);

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

const rgbOf = (value: unknown): [number, number, number] | undefined =>
	Array.isArray(value) && value.length === 3 && value.every((n) => typeof n === "number" && n >= 0 && n <= 1) ? (value as [number, number, number]) : undefined;

/** A material by content name ("grass") or Roblox Enum.Material name ("Basalt"); SmoothPlastic otherwise. */
function materialOf(value: unknown): string {
	if (typeof value !== "string") return "SmoothPlastic";
	return MATERIALS[value.toLowerCase()] ?? (ROBLOX_MATERIALS.has(value) ? value : "SmoothPlastic");
}

const ROBLOX_MATERIALS = new Set(["Plastic", "SmoothPlastic", "Wood", "WoodPlanks", "Slate", "Concrete", "Brick", "Cobblestone", "Rock", "Sand", "Grass", "Ground", "Basalt", "Asphalt", "Metal", "Glass", "Marble", "Granite", "Fabric", "Ice", "Neon", "Foil", "Pebble", "Mud", "Snow"]);

const pascal = (value: string): string =>
	value
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((part) => part[0].toUpperCase() + part.slice(1))
		.join("") || "Object";
