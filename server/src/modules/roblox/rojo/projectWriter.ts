import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { LessonContent } from "../../content/types.js";
import { lightingFor } from "../../content/worlds/themes.js";
import { classroomModel } from "./classroomModel.js";

/**
 * Writes a generated lesson as a Rojo 7 project, in the layout the game's ContentService reads:
 *
 *   default.project.json
 *   src/ServerStorage/ClassroomContent/<contentId>.json   -> ServerStorage.ClassroomContent.<contentId>
 *        (a ModuleScript returning the full LessonContent, answer key included: server-only)
 *   src/Workspace/Classroom.model.json                      -> Workspace.Classroom
 *        (the parts; quiz boards tagged QuizBoard with attribute QuestionIndex, activity stations)
 *   Lighting $properties                                    -> the theme's sky, ambient light and fog
 *
 * Nothing lands under ReplicatedStorage. The project is written to a temporary folder and renamed
 * into place, so a reader never sees half a project.
 */
export const PROJECT_FILE = "default.project.json";

export interface WrittenProject {
	path: string;
	files: string[];
}

/** The project's files (relative path -> text), as stored with the project and written to disk. */
export function rojoProjectFiles(project: { name: string; contentId: string; content: LessonContent }): Record<string, string> {
	const contentFile = `src/ServerStorage/ClassroomContent/${project.contentId}.json`;
	const modelFile = "src/Workspace/Classroom.model.json";
	const files: Record<string, unknown> = {
		[PROJECT_FILE]: {
			name: project.name,
			tree: {
				$className: "DataModel",
				ServerStorage: {
					$className: "ServerStorage",
					ClassroomContent: { $className: "Folder", [project.contentId]: { $path: contentFile } },
				},
				Workspace: { $className: "Workspace", Classroom: { $path: modelFile } },
				Lighting: { $className: "Lighting", $properties: lightingFor(project.content.terrain.type) },
			},
		},
		[contentFile]: project.content,
		[modelFile]: classroomModel(project.content),
	};
	return Object.fromEntries(Object.entries(files).map(([relative, value]) => [relative, JSON.stringify(value, null, "\t") + "\n"]));
}

export async function writeRojoProject(root: string, projectId: string, files: Record<string, string>): Promise<WrittenProject> {
	const final = join(root, projectId);
	const staging = join(root, `.${projectId}.${randomBytes(4).toString("hex")}.tmp`);
	try {
		for (const [relative, text] of Object.entries(files)) {
			const file = join(staging, relative);
			await mkdir(dirname(file), { recursive: true });
			await writeFile(file, text);
		}
		await rm(final, { recursive: true, force: true });
		await rename(staging, final);
	} catch (error) {
		await rm(staging, { recursive: true, force: true });
		throw error;
	}
	return { path: final, files: Object.keys(files) };
}
