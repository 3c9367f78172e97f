/**
 * Lessons with worlds in the place: a lesson's Rojo project (as the backend writes it) grafted
 * into the framework's project, and small players' moves for activity stations: use a station,
 * read the question it sent, answer it right or wrong from the lesson's key, and scan what the
 * clients can see for the key.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "vitest";
import type { InstanceSnapshot, Place, SimPlayer } from "../../harness";
import { rojoProjectFiles, writeRojoProject } from "../../../server/src/modules/roblox/rojo/projectWriter";
import type { LessonContent, Question } from "../../../server/src/modules/content/types";
import { findAnswerKeyLeaks, findReplicatedKeyLeaks, scanVisible } from "./leaks";
import { lastOf, lastQuestion, type QuestionPayload } from "./classroomPlace";

const repo = resolve(__dirname, "../../..");

/** Writes `content` as the backend's Rojo project and returns a project file for the place. */
export async function lessonProject(content: LessonContent, contentId: string): Promise<string> {
	const root = mkdtempSync(join(tmpdir(), "world-project-"));
	const written = await writeRojoProject(root, "p1", rojoProjectFiles({ name: "world", contentId, content }));
	return combinedProject(written.path, root);
}

/** The framework's project with a generated project's nodes grafted in, every $path absolute. */
export function combinedProject(projectDir: string, scratch: string): string {
	const framework = absolutePaths(JSON.parse(readFileSync(join(repo, "default.project.json"), "utf8")), repo);
	const generated = absolutePaths(JSON.parse(readFileSync(join(projectDir, "default.project.json"), "utf8")), projectDir);
	for (const service of ["ServerStorage", "Workspace", "Lighting"]) {
		if (generated.tree[service]) framework.tree[service] = { ...(framework.tree[service] ?? {}), ...generated.tree[service], $className: service };
	}
	const file = join(scratch, "combined.project.json");
	writeFileSync(file, JSON.stringify(framework));
	return file;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function absolutePaths(node: any, base: string): any {
	if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(node)) {
		if (key === "$path" && typeof value === "string") out[key] = resolve(base, value);
		else out[key] = absolutePaths(value, base);
	}
	return out;
}

export interface ActivityUpdate {
	station: string;
	kind: string;
	status: string;
	progress: number;
	total: number;
	message: string;
}

export const lastUpdate = (player: SimPlayer) => lastOf<ActivityUpdate>(player, "activity");

/**
 * Lets the place run until `done()` holds, a tenth of a second at a time (at most `seconds`):
 * replies are awaited, not assumed instant, so a harness with latency or deferred events works.
 */
export async function until(place: Place, done: () => boolean, seconds = 5): Promise<void> {
	await place.settle();
	for (let waited = 0; !done() && waited < seconds; waited += 0.1) await place.advance(0.1);
}

/** Uses a station and returns the question it sent (undefined when it refused). */
export async function use(place: Place, player: SimPlayer, station: string): Promise<QuestionPayload | undefined> {
	// Walking to the station takes a moment: the remotes' rate limits refill as they would.
	await place.advance(3);
	const questions = player.received("question").length;
	const updates = player.received("activity").length;
	await player.fire("useStation", { instance: station });
	// Every use is answered by an activity update ("asking" or "refused"), after the question.
	await until(place, () => player.received("activity").length > updates);
	return player.received("question").length > questions ? lastQuestion(player) : undefined;
}

export function questionOf(lesson: LessonContent, view: QuestionPayload): Question {
	return lesson.quiz.questions.find((q) => q.id === view.questionId)!;
}

/**
 * The slots to send for a right (or wrong) answer, as this player sees the options: one slot,
 * or for an ordering every slot in the picked order.
 */
export function answerSlots(lesson: LessonContent, view: QuestionPayload, right: boolean): number[] {
	const q = questionOf(lesson, view);
	const slotOf = (original: number) => view.options.indexOf(q.options[original]);
	if (q.kind === "ordering") {
		const order = [...q.order!];
		if (!right) [order[0], order[1]] = [order[1], order[0]];
		return order.map(slotOf);
	}
	const choice = right ? q.correct : q.options.findIndex((_, i) => i !== q.correct);
	return [slotOf(choice)];
}

export async function answer(place: Place, player: SimPlayer, lesson: LessonContent, view: QuestionPayload, right: boolean): Promise<{ outcome: string; earned: number }> {
	const before = player.received("answerResult").length;
	const updates = player.received("activity").length;
	for (const slot of answerSlots(lesson, view, right)) await player.fire("submitAnswer", view.questionId, slot);
	// Both the result and the station's update (not an ordering's "placed") must arrive, in either order.
	await until(place, () => player.received("answerResult").length > before && player.received("activity").length > updates && lastUpdate(player)?.status !== "placed");
	const results = player.received("answerResult");
	expect(results.length, "an answerResult arrived").toBe(before + 1);
	return results[results.length - 1][0] as { outcome: string; earned: number };
}

/** Stations of a tag in Workspace.Classroom, by full name, in name order. */
export async function stations(place: Place, tag: string): Promise<InstanceSnapshot[]> {
	const classroom = await place.instance("Workspace.Classroom", 1);
	return classroom!.children.filter((c) => c.tags.includes(tag)).sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
}

/**
 * Fails when a client could learn the answer key: key-like fields or explanations in what the
 * server sent the players, an ordering shown already in order, or a keyed option's text (or
 * the ordering key) among the names and attribute values of the replicated tree.
 */
export async function expectNoKeyLeak(place: Place, lesson: LessonContent, players: SimPlayer[]): Promise<void> {
	for (const player of players) {
		expect(findAnswerKeyLeaks(player.inbox, lesson)).toEqual([]);
		for (const [view] of player.received("question") as [QuestionPayload][]) {
			const q = questionOf(lesson, view);
			if (q.kind === "ordering") expect(view.options).not.toEqual(q.order!.map((i) => q.options[i]));
		}
	}
	const visible: string[] = [];
	const walk = (node: InstanceSnapshot | undefined) => {
		if (!node) return;
		visible.push(node.name, ...Object.keys(node.attributes), ...Object.values(node.attributes).map((v) => String(v)));
		node.children.forEach(walk);
	};
	for (const root of ["Workspace", "ReplicatedStorage", "ReplicatedFirst", "Lighting"]) walk(await place.instance(root, 50));
	const seen = new Set(visible);
	for (const q of lesson.quiz.questions) {
		// Keys of one or two characters ("4") cannot be told apart from layout numbers (Step 4); the payload checks cover them.
		if (q.options[q.correct].length > 2) expect(seen.has(q.options[q.correct]), `key of ${q.id} ("${q.options[q.correct]}") is visible`).toBe(false);
		if (q.order) expect(visible.some((v) => v.includes(q.order!.map((i) => q.options[i]).join(",")))).toBe(false);
	}
	expect(visible.filter((v) => /^(correct|answer|key|order)$/i.test(v))).toEqual([]);
	// And the deep scan: value objects, GUI text and every player's PlayerGui too.
	expect(findReplicatedKeyLeaks(await scanVisible(place), lesson)).toEqual([]);
}
