import { OnStart, Service } from "@flamework/core";
import { CollectionService, ServerStorage, Workspace } from "@rbxts/services";
import { isLessonContent, LessonContent, SceneObject } from "shared/classroom/content";
import { Listeners } from "shared/classroom/listeners";
import { ClassroomApi } from "./ClassroomApi";
import { ClassroomConfig } from "./ClassroomConfig";

export interface Lesson {
	contentId: string;
	title: string;
	content: LessonContent;
}

/**
 * The lessons this server can run, with their answer keys, kept on the server only. Lessons come
 * from ModuleScripts under ServerStorage.ClassroomContent (Rojo syncs the generated
 * `<contentId>.json`), or from the backend: the server polls GET /places/{placeId}/content with
 * If-None-Match (a 304 costs one cheap request) and, when a teacher applied new content, fetches
 * the full lesson from GET /content/{contentId}. Content is validated with t; a bad lesson is
 * skipped and counted, never run. `build` lays out Workspace.Classroom from a lesson's objects,
 * tagging quiz boards `QuizBoard` with their `QuestionIndex`.
 */
@Service()
export class ContentService implements OnStart {
	public readonly lessonAdded = new Listeners<[lesson: Lesson]>("ContentService.lessonAdded");
	public rejected = 0;
	private readonly lessons = new Map<string, Lesson>();
	private etag?: string;

	public constructor(
		private readonly config: ClassroomConfig,
		private readonly api: ClassroomApi,
	) {}

	public onStart(): void {
		const folder = ServerStorage.FindFirstChild("ClassroomContent");
		if (folder) {
			for (const child of folder.GetChildren()) this.loadModule(child);
			folder.ChildAdded.Connect((child) => this.loadModule(child));
		}
		if (this.config.settings.contentPollInterval > 0) task.spawn(() => this.pollLoop());
	}

	public get(contentId: string): Lesson | undefined {
		return this.lessons.get(contentId);
	}

	public list(): string[] {
		const ids: string[] = [];
		for (const [id] of this.lessons) ids.push(id);
		ids.sort();
		return ids;
	}

	/** Adds a lesson after validating it; returns false (and counts) when it is not runnable. */
	public add(contentId: string, value: unknown): boolean {
		if (!isLessonContent(value)) {
			this.rejected += 1;
			warn(`[ContentService] lesson ${contentId} is invalid and was skipped`);
			return false;
		}
		const title = (value.objects ?? []).find((o) => o.type === "blackboard")?.properties?.text;
		const lesson = { contentId, title: typeIs(title, "string") ? title : contentId, content: value };
		this.lessons.set(contentId, lesson);
		this.lessonAdded.fire(lesson);
		return true;
	}

	/**
	 * Lays out Workspace.Classroom for a lesson. A classroom this server built for another lesson
	 * is replaced (a longer lesson needs more boards); one made in Studio (no `BuiltFor`) is kept,
	 * and any teacher-paced question without a board there gets one, so no question is unplayable.
	 */
	public build(lesson: Lesson, show: (text: string) => string): Model {
		const existing = Workspace.FindFirstChild("Classroom");
		if (existing && existing.IsA("Model")) {
			const builtFor = existing.GetAttribute("BuiltFor");
			if (builtFor === lesson.contentId) return existing;
			if (builtFor === undefined) {
				addMissingBoards(existing, lesson, show);
				return existing;
			}
		}
		existing?.Destroy();
		const model = new Instance("Model");
		model.Name = "Classroom";
		model.SetAttribute("BuiltFor", lesson.contentId);
		const names = new Map<string, number>();
		for (const object of lesson.content.objects ?? []) {
			const part = buildObject(object, lesson, show);
			// Stations are told apart by name (a player's client names the one they used).
			const n = (names.get(part.Name) ?? 0) + 1;
			names.set(part.Name, n);
			if (STATION_TAGS[object.type] !== undefined) part.Name = `${part.Name}${n}`;
			part.Parent = model;
		}
		addMissingBoards(model, lesson, show);
		model.Parent = Workspace;
		return model;
	}

	private loadModule(child: Instance): void {
		if (!child.IsA("ModuleScript")) return;
		// Luau require of the synced JSON ModuleScript (not a JS import).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const [ok, value] = pcall(() => require(child));
		if (!ok) {
			this.rejected += 1;
			warn(`[ContentService] ${child.Name}: ${value}`);
			return;
		}
		this.add(child.Name, value);
	}

	private pollLoop(): void {
		const placeId = this.config.settings.backendPlaceId ?? tostring(game.PlaceId);
		for (;;) {
			const [ok, err] = pcall(() => this.pollOnce(placeId));
			if (!ok) warn(`[ContentService] content poll failed: ${err}`);
			task.wait(this.config.settings.contentPollInterval);
		}
	}

	private pollOnce(placeId: string): void {
		const result = this.api.placeContent(placeId, this.etag);
		if (!(result.ok && result.status === 200 && result.data)) return;
		const { contentId, etag } = result.data;
		if (!this.lessons.has(contentId)) {
			const full = this.api.content(contentId);
			if (full.ok && full.data && this.add(contentId, full.data.content)) this.etag = etag;
		} else {
			this.etag = etag;
		}
	}
}

const SIZES: Record<string, Vector3> = {
	floor: new Vector3(120, 1, 120),
	blackboard: new Vector3(24, 10, 1),
	quiz_board: new Vector3(8, 6, 1),
};

/** Activity stations (src/server/activities) by content object type: their tag and part name. */
const STATION_TAGS: Record<string, string> = {
	treasure_chest: "TreasureChest",
	obstacle_gate: "ObstacleGate",
	course_finish: "CourseFinish",
	ordering_board: "OrderingBoard",
	number_line: "NumberLine",
	fraction_bar: "FractionBar",
	flashcard_deck: "FlashcardDeck",
};

/** Station layout properties copied to attributes (the same the Rojo writer sets); never a key. */
const STATION_ATTRIBUTES: Record<string, string> = {
	questionIndex: "QuestionIndex",
	questionIndexes: "QuestionIndexes",
	step: "Step",
	steps: "Steps",
	marks: "Marks",
	from: "From",
	to: "To",
	parts: "Parts",
	items: "Items",
};

/** One board per teacher-paced question that no QuizBoard in `model` shows yet. */
function addMissingBoards(model: Model, lesson: Lesson, show: (text: string) => string): void {
	const shown = new Set<number>();
	for (const d of model.GetDescendants()) {
		const index = d.GetAttribute("QuestionIndex");
		if (d.HasTag("QuizBoard") && typeIs(index, "number")) shown.add(index);
	}
	lesson.content.quiz.questions.forEach((q, i) => {
		if (q.activity !== undefined || shown.has(i)) return;
		buildObject({ type: "quiz_board", position: [i * 10, 4, -20], properties: { questionIndex: i } }, lesson, show).Parent = model;
	});
}

/** `show` gives a scene text as players may see it (filtered by TextService). */
function buildObject(object: SceneObject, lesson: Lesson, show: (text: string) => string): BasePart {
	const props = object.properties ?? {};
	const part = object.type === "spawn_location" ? new Instance("SpawnLocation") : new Instance("Part");
	part.Name = object.type;
	part.Anchored = true;
	const size = props.size;
	part.Size =
		typeIs(size, "table") && typeIs((size as number[])[0], "number")
			? new Vector3((size as number[])[0], (size as number[])[1], (size as number[])[2])
			: (SIZES[object.type] ?? new Vector3(4, 1, 4));
	part.Position = new Vector3(object.position[0], object.position[1], object.position[2]);
	if (typeIs(props.text, "string")) part.SetAttribute("Text", show(props.text));
	if (object.type === "quiz_board" || props.tag === "QuizBoard") {
		part.SetAttribute("QuestionIndex", typeIs(props.questionIndex, "number") ? props.questionIndex : 0);
		CollectionService.AddTag(part, "QuizBoard");
	}
	const tag = STATION_TAGS[object.type];
	if (tag !== undefined) {
		part.Name = tag;
		for (const [key, attribute] of pairs(STATION_ATTRIBUTES)) {
			const value = props[key];
			if (typeIs(value, "number") || typeIs(value, "string")) part.SetAttribute(attribute, value);
		}
		const question = typeIs(props.questionIndex, "number") ? lesson.content.quiz.questions[props.questionIndex] : undefined;
		if (question) part.SetAttribute("QuestionId", question.id);
		CollectionService.AddTag(part, tag);
	}
	return part;
}
