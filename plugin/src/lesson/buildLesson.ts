import { HttpService } from "@rbxts/services";
import { LESSON_TAG, NODE_TAG, SCHEMA_VERSION } from "config";
import { Lesson, LessonQuestion, SceneObject } from "./lessonShape";

export interface LessonIds {
	contentId: string;
	generationId: string;
}

export interface BuiltLesson {
	/** Workspace.Classroom: what players see (no question text, options or key: Workspace replicates). */
	classroom: Model;
	/** ServerStorage.ClassroomContent.<contentId>: the lesson the place's ContentService loads, key included. */
	content: ModuleScript;
}

/**
 * Builds a lesson's instances the way the place runs them (the same layout as the backend's Rojo
 * project, server/src/modules/roblox/rojo/classroomModel.ts): quiz boards and activity stations
 * tagged for their components with layout attributes only. Nothing the server sends becomes a
 * class name, a property name or code: classes, properties and attribute names come from the
 * tables below; the server's values fill them after a type check. The content module's source
 * is fixed text here; the lesson travels as JSON data in its `Lesson` StringValue. Every
 * instance is stamped with the content id, generation id and schema version.
 */
export function buildLesson(lesson: Lesson, ids: LessonIds): BuiltLesson {
	const classroom = new Instance("Model");
	classroom.Name = "Classroom";
	// ContentService keeps a classroom built for the lesson it launches (attribute BuiltFor).
	classroom.SetAttribute("BuiltFor", ids.contentId);
	const environment = lesson.terrain?.type;
	if (typeIs(environment, "string")) classroom.SetAttribute("EnvironmentType", environment.sub(1, 50));
	layOut(lesson, classroom);
	const content = contentModule(lesson, ids.contentId);
	for (const root of [classroom, content]) {
		root.AddTag(LESSON_TAG);
		stamp(root, ids);
		for (const node of root.GetDescendants()) stamp(node, ids);
	}
	return { classroom, content };
}

const CONTENT_SOURCE = [
	"-- Inserted by the Classroom Studio plugin. The lesson is data: the Lesson StringValue (JSON).",
	'return game:GetService("HttpService"):JSONDecode(script:WaitForChild("Lesson").Value)',
	"",
].join("\n");

function stamp(node: Instance, ids: LessonIds): void {
	node.SetAttribute("ClassroomContentId", ids.contentId);
	node.SetAttribute("ClassroomGenerationId", ids.generationId);
	node.SetAttribute("ClassroomSchemaVersion", SCHEMA_VERSION);
	node.AddTag(NODE_TAG);
}

function contentModule(lesson: Lesson, contentId: string): ModuleScript {
	const module = new Instance("ModuleScript");
	module.Name = contentId;
	module.Source = CONTENT_SOURCE;
	const data = new Instance("StringValue");
	data.Name = "Lesson";
	data.Value = HttpService.JSONEncode(cleanLesson(lesson));
	data.Parent = module;
	return module;
}

/** The lesson with only the fields the place reads (unknown fields from the server are dropped). */
function cleanLesson(lesson: Lesson): Lesson {
	return {
		terrain: lesson.terrain ? { type: lesson.terrain.type, materials: lesson.terrain.materials, lighting: lesson.terrain.lighting } : undefined,
		objects: (lesson.objects ?? []).map((o) => ({ type: o.type, position: [o.position[0], o.position[1], o.position[2]], properties: primitives(o.properties ?? {}) })),
		quiz: {
			questions: lesson.quiz.questions.map(
				(q): LessonQuestion => ({
					id: q.id,
					text: q.text,
					options: [...q.options],
					correct: q.correct,
					points: q.points,
					explanation: q.explanation,
					hints: q.hints,
					difficulty: q.difficulty,
					standards: q.standards,
					kind: q.kind,
					order: q.order,
					activity: q.activity,
				}),
			),
		},
	};
}

function primitives(properties: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of pairs(properties)) {
		if (!typeIs(key, "string") || key.size() > 50) continue;
		if (typeIs(value, "string")) out[key] = value.sub(1, 1000);
		else if (typeIs(value, "number") || typeIs(value, "boolean")) out[key] = value;
		else if (typeIs(value, "table") && (value as unknown[]).size() === 3 && typeIs((value as unknown[])[0], "number")) out[key] = value;
	}
	return out;
}

// --- the classroom's parts ---------------------------------------------------------------

const QUIZ_BOARD_TYPES = new Set(["quiz_board", "quizboard", "quiz"]);

/** Activity stations (src/server/activities): object type -> tag, and whether it needs a question. */
const STATIONS: Record<string, { tag: string; question: boolean }> = {
	treasure_chest: { tag: "TreasureChest", question: true },
	obstacle_gate: { tag: "ObstacleGate", question: true },
	course_finish: { tag: "CourseFinish", question: false },
	ordering_board: { tag: "OrderingBoard", question: true },
	number_line: { tag: "NumberLine", question: true },
	fraction_bar: { tag: "FractionBar", question: true },
	flashcard_deck: { tag: "FlashcardDeck", question: false },
};

/** Station layout attributes (the same the Rojo writer and ContentService set): property -> attribute. */
const STATION_ATTRIBUTES: Record<string, string> = {
	step: "Step",
	steps: "Steps",
	marks: "Marks",
	from: "From",
	to: "To",
	parts: "Parts",
	items: "Items",
	questionIndexes: "QuestionIndexes",
};

const MATERIALS: Record<string, Enum.Material> = {
	wood: Enum.Material.Wood,
	concrete: Enum.Material.Concrete,
	grass: Enum.Material.Grass,
	brick: Enum.Material.Brick,
	marble: Enum.Material.Marble,
	metal: Enum.Material.Metal,
	sand: Enum.Material.Sand,
	slate: Enum.Material.Slate,
	glass: Enum.Material.Glass,
	plastic: Enum.Material.SmoothPlastic,
	fabric: Enum.Material.Fabric,
	ice: Enum.Material.Ice,
	basalt: Enum.Material.Basalt,
	cobblestone: Enum.Material.Cobblestone,
	asphalt: Enum.Material.Asphalt,
	rock: Enum.Material.Rock,
	neon: Enum.Material.Neon,
	snow: Enum.Material.Snow,
	ground: Enum.Material.Ground,
	woodplanks: Enum.Material.WoodPlanks,
	granite: Enum.Material.Granite,
	pebble: Enum.Material.Pebble,
};

const COLORS: Record<string, Color3> = {
	black: new Color3(0.1, 0.1, 0.1),
	white: new Color3(0.95, 0.95, 0.95),
	green: new Color3(0.2, 0.5, 0.25),
	brown: new Color3(0.45, 0.3, 0.15),
	blue: new Color3(0.2, 0.35, 0.8),
	red: new Color3(0.8, 0.2, 0.2),
	yellow: new Color3(0.95, 0.85, 0.3),
	gray: new Color3(0.6, 0.6, 0.6),
};

const SIZES: Record<string, Vector3> = {
	blackboard: new Vector3(14, 7, 0.5),
	whiteboard: new Vector3(14, 7, 0.5),
	desk: new Vector3(4, 2.5, 2.5),
	table: new Vector3(6, 3, 4),
	quiz_board: new Vector3(10, 6, 0.5),
	sign: new Vector3(6, 3, 0.5),
};

function layOut(lesson: Lesson, model: Model): void {
	const questions = lesson.quiz.questions;
	const objects = lesson.objects ?? [];
	const used = new Set<number>();
	const counts = new Map<string, number>();
	const uniqueName = (base: string) => {
		const n = (counts.get(base) ?? 0) + 1;
		counts.set(base, n);
		return `${base}${n}`;
	};
	const questionAt = (value: unknown) => (typeIs(value, "number") && value % 1 === 0 && value >= 0 && value < questions.size() ? value : undefined);
	if (!objects.some((o) => o.type.lower() === "floor")) {
		part("Floor", new Vector3(80, 1, 80), new CFrame(0, -0.5, 0), model).Material = materialOf(lesson.terrain?.materials?.[0]);
	}
	let nextFree = 0;
	for (const object of objects) {
		const kind = object.type.lower();
		const props = object.properties ?? {};
		if (QUIZ_BOARD_TYPES.has(kind)) {
			while (used.has(nextFree)) nextFree++;
			const wanted = questionAt(props.questionIndex);
			const index = wanted !== undefined && !used.has(wanted) ? wanted : nextFree;
			if (index >= questions.size()) continue;
			used.add(index);
			quizBoard(uniqueName("QuizBoard"), index, questions[index].id, placeOf(object), sizeOf(props.size) ?? SIZES.quiz_board, model);
			continue;
		}
		const station = STATIONS[kind];
		if (station !== undefined) {
			const index = questionAt(props.questionIndex);
			if (station.question && index === undefined) continue;
			const p = objectPart(uniqueName(station.tag), object, model);
			p.AddTag(station.tag);
			if (index !== undefined) {
				used.add(index);
				p.SetAttribute("QuestionIndex", index);
				p.SetAttribute("QuestionId", questions[index].id);
			}
			for (const [key, attribute] of pairs(STATION_ATTRIBUTES)) {
				const value = props[key];
				if (typeIs(value, "number") || (typeIs(value, "string") && value.size() <= 200)) p.SetAttribute(attribute, value);
			}
			if (kind === "flashcard_deck") {
				for (const [i] of tostring(props.questionIndexes ?? "").gmatch("%d+")) used.add(tonumber(i)!);
			}
			decorate(kind, p, object);
			continue;
		}
		const p = objectPart(uniqueName(pascal(kind === "prop" && typeIs(props.name, "string") ? props.name : kind)), object, model, SIZES[kind]);
		p.SetAttribute("ObjectType", object.type.sub(1, 64));
		if (typeIs(props.text, "string")) p.SetAttribute("Text", props.text.sub(1, 200));
	}
	// Every teacher-paced question gets a board; boards the content did not place stand in a row at the back.
	questions.forEach((q, index) => {
		if (used.has(index) || q.activity !== undefined) return;
		quizBoard(uniqueName("QuizBoard"), index, q.id, new CFrame(-24 + (index % 5) * 12, 4, -40 - math.floor(index / 5) * 10), SIZES.quiz_board, model);
	});
}

function part(name: string, size: Vector3, at: CFrame, parent: Instance): Part {
	const p = new Instance("Part");
	p.Name = name;
	p.Anchored = true;
	p.Size = size;
	p.CFrame = at;
	p.Parent = parent;
	return p;
}

function quizBoard(name: string, index: number, questionId: string, at: CFrame, size: Vector3, parent: Instance): void {
	const p = part(name, size, at, parent);
	p.Material = Enum.Material.SmoothPlastic;
	p.AddTag("QuizBoard");
	p.SetAttribute("QuestionIndex", index);
	p.SetAttribute("QuestionId", questionId);
}

function objectPart(name: string, object: SceneObject, parent: Instance, fallback = new Vector3(4, 4, 4)): BasePart {
	const props = object.properties ?? {};
	const p = object.type === "spawn_location" ? new Instance("SpawnLocation") : new Instance("Part");
	p.Name = name;
	p.Anchored = true;
	p.Size = sizeOf(props.size) ?? fallback;
	p.CFrame = placeOf(object);
	p.Material = materialOf(props.material);
	p.Color = rgbOf(props.rgb) ?? (typeIs(props.color, "string") ? COLORS[props.color.lower()] : undefined) ?? new Color3(0.64, 0.64, 0.64);
	if (p.IsA("Part") && (props.shape === "Ball" || props.shape === "Cylinder")) p.Shape = props.shape === "Ball" ? Enum.PartType.Ball : Enum.PartType.Cylinder;
	p.Parent = parent;
	return p;
}

/** What the place's clients show on a station: a chest's lid, a number line's marks, a bar's parts. */
function decorate(kind: string, station: BasePart, object: SceneObject): void {
	const [x, y, z] = [object.position[0], object.position[1], object.position[2]];
	const props = object.properties ?? {};
	if (kind === "treasure_chest") {
		const lid = part("Lid", new Vector3(4, 0.5, 3), new CFrame(x, y + 1.75, z), station);
		lid.Material = Enum.Material.Wood;
	} else if (kind === "number_line" || kind === "fraction_bar") {
		const line = kind === "number_line";
		const count = math.clamp(typeIs(line ? props.marks : props.parts, "number") ? ((line ? props.marks : props.parts) as number) : 2, 1, 24);
		const span = line ? 16 : 12 - 12 / count;
		for (let i = 0; i < count; i++) {
			const offset = count === 1 ? 0 : (span * i) / (count - 1);
			const size = line ? new Vector3(0.3, 2, 0.3) : new Vector3(12 / count - 0.2, 2, 1.2);
			const segment = part(`${line ? "Mark" : "Part"}${i + 1}`, size, new CFrame(x - span / 2 + offset, y + 0.5, z), station);
			segment.SetAttribute(line ? "Mark" : "Part", i + 1);
		}
	}
}

/** The object's position, turned `facingDegrees` about Y. */
function placeOf(object: SceneObject): CFrame {
	const [x, y, z] = [object.position[0], object.position[1], object.position[2]];
	const degrees = object.properties?.facingDegrees;
	const angle = typeIs(degrees, "number") && degrees === degrees ? math.rad(degrees) : 0;
	const [c, s] = [math.cos(angle), math.sin(angle)];
	return new CFrame(x, y, z, c, 0, s, 0, 1, 0, -s, 0, c);
}

function sizeOf(value: unknown): Vector3 | undefined {
	if (!typeIs(value, "table")) return undefined;
	const [a, b, c] = [(value as unknown[])[0], (value as unknown[])[1], (value as unknown[])[2]];
	return typeIs(a, "number") && typeIs(b, "number") && typeIs(c, "number") && a > 0 && b > 0 && c > 0 && a < 2048 && b < 2048 && c < 2048 ? new Vector3(a, b, c) : undefined;
}

function rgbOf(value: unknown): Color3 | undefined {
	if (!typeIs(value, "table")) return undefined;
	const [r, g, b] = [(value as unknown[])[0], (value as unknown[])[1], (value as unknown[])[2]];
	const unit = (n: unknown): n is number => typeIs(n, "number") && n >= 0 && n <= 1;
	return unit(r) && unit(g) && unit(b) ? new Color3(r, g, b) : undefined;
}

function materialOf(value: unknown): Enum.Material {
	return (typeIs(value, "string") ? MATERIALS[value.lower()] : undefined) ?? Enum.Material.SmoothPlastic;
}

function pascal(value: string): string {
	let out = "";
	for (const [word] of value.gmatch("[%w]+")) out += tostring(word).sub(1, 1).upper() + tostring(word).sub(2);
	return out === "" ? "Object" : out.sub(1, 40);
}
