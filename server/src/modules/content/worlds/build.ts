import { boardObjects } from "../layout.js";
import type { Rng } from "../random.js";
import type { Difficulty, LessonContent, Question, SceneObject } from "../types.js";
import { ELEMENTS, elementSuits, normaliseElement, normaliseTheme, type ElementId, type ThemeId } from "./catalogue.js";
import { fractionBarQuestion, numberLineQuestion, type Draft } from "./manipulatives.js";
import { orderingQuestion } from "./ordering.js";
import { themeLook } from "./themes.js";

/**
 * Builds a lesson's world from the teacher's theme and elements: terrain and props from the
 * theme, and the lesson's questions shared out among the elements (`count` in all, as even as
 * possible). Quiz boards, chests, gates and flashcards ask the generated multiple-choice
 * questions; number lines, fraction bars and timelines make their own. Every self-paced
 * question carries `activity` (its element), so the place keeps it off the teacher's "next".
 * Elements that do not suit the subject are skipped; with none left, quiz boards.
 */
export interface WorldRequest {
	/** Subject kind ("math", "science", ...). */
	subject: string;
	grade: number;
	difficulty: Difficulty;
	theme?: string;
	environmentType?: string;
	elements?: string[];
	title: string;
	/** Questions wanted in all. */
	count: number;
	points: number;
}

export interface World {
	theme: ThemeId;
	elements: ElementId[];
	content: LessonContent;
}

const MULTIPLE_CHOICE = new Set<ElementId>(["quiz_board", "treasure_hunt", "obstacle_course", "flashcards"]);

export function buildWorld(request: WorldRequest, choices: Draft[], rng: Rng): World {
	const theme = pickTheme(request);
	const elements = pickElements(request);
	const look = themeLook(theme);
	const shares = share(request.count, elements.length);
	const pool = [...choices];
	const questions: Question[] = [];
	const byElement = new Map<ElementId, number[]>();
	elements.forEach((element, i) => {
		const drafts = MULTIPLE_CHOICE.has(element) ? pool.splice(0, shares[i]) : generated(element, request, rng, shares[i]);
		const indexes: number[] = [];
		for (const draft of drafts) {
			indexes.push(questions.length);
			const activity = ELEMENTS[element].selfPaced ? { activity: element } : {};
			questions.push({ ...draft, ...activity, id: `q${questions.length + 1}`, points: request.points });
		}
		byElement.set(element, indexes);
	});

	const objects: SceneObject[] = [
		{ type: "floor", position: [0, -0.5, 0], properties: { size: [120, 1, 120], material: look.ground.material, rgb: look.ground.color } },
		{ type: "spawn_location", position: [0, 1, 0], properties: { neutral: true } },
		{ type: "blackboard", position: [0, 6, -32], properties: { text: request.title, color: "black", size: [24, 10, 1] } },
		...look.props,
	];
	const slots = { next: 0 };
	for (const element of elements) objects.push(...placeElement(element, byElement.get(element) ?? [], look.accent, questions, slots));
	return { theme, elements, content: { terrain: look.terrain, objects, quiz: { questions } } };
}

function pickTheme(request: WorldRequest): ThemeId {
	return (request.theme && normaliseTheme(request.theme)) || (request.environmentType && normaliseTheme(request.environmentType)) || "classroom";
}

function pickElements(request: WorldRequest): ElementId[] {
	const named = (request.elements ?? []).map(normaliseElement).filter((e): e is ElementId => e !== undefined);
	const fitting = [...new Set(named)].filter((e) => elementSuits(e, request.subject));
	return fitting.length > 0 ? fitting : ["quiz_board"];
}

/** `total` split into `parts` shares, as even as possible, larger ones first. */
function share(total: number, parts: number): number[] {
	return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

function generated(element: ElementId, request: WorldRequest, rng: Rng, wanted: number): Draft[] {
	const out: Draft[] = [];
	const seen = new Set<string>();
	for (let attempt = 0; out.length < wanted && attempt < wanted * 20; attempt++) {
		const draft =
			element === "number_line"
				? numberLineQuestion(request.grade, rng, request.difficulty)
				: element === "fraction_bar"
					? fractionBarQuestion(request.grade, rng, request.difficulty)
					: orderingQuestion(request.subject, request.grade, rng, request.difficulty);
		if (!draft) break;
		// Option order is shuffled per draft: the same items in another order are the same activity.
		const key = `${draft.text}|${[...draft.options].sort().join("|")}`;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(draft);
	}
	return out;
}

/**
 * Stations for one element. Zones: quiz boards in an arc in front of the spawn, chests on an
 * outer ring, the obstacle course along the back, other stations in side columns (`slots`
 * counts the column places already taken).
 */
function placeElement(element: ElementId, indexes: number[], accent: [number, number, number], questions: Question[], slots: { next: number }): SceneObject[] {
	if (indexes.length === 0) return [];
	switch (element) {
		case "quiz_board":
			return boardObjects(indexes);
		case "treasure_hunt":
			return indexes.map((questionIndex, i) => {
				const ring = Math.floor(i / 12);
				const inRing = Math.min(12, indexes.length - ring * 12);
				const angle = inRing === 1 ? 0 : ((-120 + (240 * (i % 12)) / (inRing - 1)) * Math.PI) / 180;
				const radius = 46 - ring * 8;
				return { type: "treasure_chest", position: [round(Math.sin(angle) * radius), 1.5, round(Math.cos(angle) * radius)], properties: { questionIndex, size: [4, 3, 3], rgb: accent } };
			});
		case "obstacle_course": {
			const at = (i: number): [number, number, number] => [-45 + (i % 10) * 10, 5, -54 + Math.floor(i / 10) * 8];
			const gates: SceneObject[] = indexes.map((questionIndex, i) => ({ type: "obstacle_gate", position: at(i), properties: { questionIndex, step: i + 1, size: [1, 10, 8], rgb: accent } }));
			const [x, , z] = at(indexes.length);
			return [...gates, { type: "course_finish", position: [x, 0.5, z], properties: { steps: indexes.length, size: [6, 1, 8] } }];
		}
		case "flashcards":
			// One deck holds every flashcard question; each player works through it in their own order.
			return [{ type: "flashcard_deck", position: slotPosition(slots.next++), properties: { questionIndexes: indexes.join(","), cards: indexes.length, size: [3, 4, 0.5], rgb: accent } }];
		default:
			return indexes.map((questionIndex) => station(element, questionIndex, questions[questionIndex], slotPosition(slots.next++), accent));
	}
}

function station(element: ElementId, questionIndex: number, question: Question, position: [number, number, number], accent: [number, number, number]): SceneObject {
	const count = question.options.length;
	if (element === "number_line") {
		return { type: "number_line", position, properties: { questionIndex, marks: count, from: endLabel(question.options[0]), to: endLabel(question.options[count - 1]), size: [16, 0.5, 1], rgb: accent } };
	}
	if (element === "fraction_bar") return { type: "fraction_bar", position, properties: { questionIndex, parts: count, size: [12, 2, 1], rgb: accent } };
	return { type: "ordering_board", position, properties: { questionIndex, items: count, size: [12, 6, 1], rgb: accent } };
}

/** Side-column places, 10 studs apart: left, right, then inner left and inner right. */
function slotPosition(slot: number): [number, number, number] {
	const column = [-36, 36, -18, 18][Math.floor(slot / 5) % 4];
	return [column, 3, -16 + (slot % 5) * 10 + Math.floor(slot / 20) * 5];
}

/** "Mark 1 (0)" -> "0". */
const endLabel = (option: string): string => /\(([^)]*)\)$/.exec(option)?.[1] ?? option;

const round = (n: number) => Math.round(n * 100) / 100 + 0;
