import { CollectionService, RunService, ServerStorage, Workspace } from "@rbxts/services";
import { Account } from "auth/Account";
import { LESSON_TAG } from "config";
import { describeProblem } from "net/problems";
import { buildLesson, LessonIds } from "./buildLesson";
import { checkLesson, Lesson } from "./lessonShape";

const ChangeHistoryService = game.GetService("ChangeHistoryService");
const Selection = game.GetService("Selection");

export type InsertOutcome = { ok: true; message: string } | { ok: false; message: string };

/**
 * Puts a generated lesson into the open place. The whole lesson is fetched and checked first;
 * then, in edit mode only, one ChangeHistoryService recording builds it (replacing a lesson this
 * plugin inserted before) and is committed, so one undo takes every inserted instance away; any
 * error cancels the recording and leaves the place as it was. The result is selected.
 */
export class LessonInserter {
	public constructor(private readonly account: Account) {}

	public insert(ids: LessonIds): InsertOutcome {
		return this.apply(ids, "Insert lesson");
	}

	/** Rebuilds the lesson found by its tag, from the server's current version of it. */
	public update(): InsertOutcome {
		for (const root of CollectionService.GetTagged(LESSON_TAG)) {
			if (!root.IsDescendantOf(game)) continue;
			const contentId = root.GetAttribute("ClassroomContentId");
			const generationId = root.GetAttribute("ClassroomGenerationId");
			if (typeIs(contentId, "string") && typeIs(generationId, "string")) return this.apply({ contentId, generationId }, "Update lesson");
		}
		return { ok: false, message: "No lesson inserted by this plugin was found in this place." };
	}

	private apply(ids: LessonIds, action: string): InsertOutcome {
		if (!RunService.IsEdit()) return { ok: false, message: "Lessons can be inserted only in edit mode: stop the playtest first." };
		if (ids.contentId.match("^[%w_%-]+$")[0] === undefined || ids.contentId.size() > 100) return { ok: false, message: "The server named the lesson with an id this plugin does not accept." };
		const fetched = this.fetch(ids.contentId);
		if (typeIs(fetched, "string")) return { ok: false, message: fetched };
		const recording = ChangeHistoryService.TryBeginRecording(`Classroom${action.gsub(" ", "")[0]}`, action);
		if (recording === undefined) return { ok: false, message: "Studio is recording another change; try again in a moment." };
		const [ok, result] = pcall(() => this.build(fetched, ids));
		if (!ok) {
			ChangeHistoryService.FinishRecording(recording, Enum.FinishRecordingOperation.Cancel);
			return { ok: false, message: `The lesson was not inserted: ${tostring(result)}` };
		}
		ChangeHistoryService.FinishRecording(recording, Enum.FinishRecordingOperation.Commit);
		Selection.Set(result);
		const questions = fetched.quiz.questions.size();
		return { ok: true, message: `${action === "Insert lesson" ? "Inserted" : "Updated"} lesson ${ids.contentId}: ${questions} questions in Workspace.Classroom (one undo removes it).` };
	}

	private fetch(contentId: string): Lesson | string {
		const reply = this.account.request({ method: "GET", path: `/v2/roblox/content/${contentId}` });
		if (!reply.ok) return describeProblem(reply.problem);
		const body = reply.value.body as { content?: unknown } | undefined;
		const checked = checkLesson(typeIs(body, "table") ? body.content : undefined);
		if (checked.lesson === undefined) return `The lesson from the server was not inserted: ${checked.reason}.`;
		return checked.lesson;
	}

	private build(lesson: Lesson, ids: LessonIds): Instance[] {
		for (const root of CollectionService.GetTagged(LESSON_TAG)) if (root.IsDescendantOf(game)) root.Destroy();
		const made = Workspace.FindFirstChild("Classroom");
		if (made) error("Workspace already has a Classroom that this plugin did not insert; rename or remove it first", 0);
		let folder = ServerStorage.FindFirstChild("ClassroomContent");
		if (!folder) {
			folder = new Instance("Folder");
			folder.Name = "ClassroomContent";
			folder.Parent = ServerStorage;
		}
		const built = buildLesson(lesson, ids);
		built.classroom.Parent = Workspace;
		if (folder.FindFirstChild(ids.contentId)) error(`ServerStorage.ClassroomContent.${ids.contentId} exists and was not inserted by this plugin`, 0);
		built.content.Parent = folder;
		return [built.classroom, built.content];
	}
}
