/**
 * What a lesson's world can be: the single source of truth for the conversation (what it may
 * offer and accept) and for the world builder (what it builds). Every theme and element listed
 * here is built into the generated Rojo project and runs in the place (src/server/activities);
 * anything not listed must not be offered.
 *
 *   themeFromText("a space station lesson") -> "space"
 *   elementsFromText("a treasure hunt and flashcards") -> ["treasure_hunt", "flashcards"]
 *   elementSuits("number_line", "science") -> false
 *
 * Subjects are the content module's subject kinds ("math", "science", "geography", "language",
 * "history", "computer_science", ...); an element whose `subjects` is "any" suits every subject
 * that has a question source.
 */
export const THEME_IDS = ["classroom", "space", "ocean", "forest", "castle", "city", "laboratory"] as const;
export type ThemeId = (typeof THEME_IDS)[number];

export const ELEMENT_IDS = ["quiz_board", "treasure_hunt", "obstacle_course", "timeline", "number_line", "fraction_bar", "flashcards"] as const;
export type ElementId = (typeof ELEMENT_IDS)[number];

export interface ThemeEntry {
	id: ThemeId;
	label: string;
	/** Lower-case words or phrases a teacher may use for it (matched on word boundaries). */
	synonyms: string[];
	description: string;
}

export interface ElementEntry {
	id: ElementId;
	label: string;
	synonyms: string[];
	description: string;
	/** "any", or the subject kinds it makes sense for. */
	subjects: "any" | string[];
	/** Players go at their own pace (true) or the teacher opens each question (false). */
	selfPaced: boolean;
}

export const THEMES: Record<ThemeId, ThemeEntry> = {
	classroom: {
		id: "classroom",
		label: "classroom",
		synonyms: ["classroom", "class room", "school room", "plain classroom"],
		description: "a bright classroom with desks and a blackboard",
	},
	space: {
		id: "space",
		label: "space",
		synonyms: ["space", "outer space", "space station", "spaceship", "moon base", "moon", "mars", "planet", "planets", "astronaut", "astronauts", "rocket", "rockets", "galaxy"],
		description: "a moon base under a starry sky: dark basalt ground, craters, a rocket",
	},
	ocean: {
		id: "ocean",
		label: "ocean",
		synonyms: ["ocean", "underwater", "under water", "under the sea", "sea", "seabed", "reef", "coral reef", "submarine", "marine", "pirate", "pirates", "beach"],
		description: "a sandy seabed in blue-green light: coral, rocks, kelp and a shipwreck",
	},
	forest: {
		id: "forest",
		label: "forest",
		synonyms: ["forest", "woods", "woodland", "jungle", "rainforest", "outdoor", "outdoors", "outside", "park", "nature", "camping", "safari"],
		description: "a grassy clearing among trees and rocks in daylight",
	},
	castle: {
		id: "castle",
		label: "castle",
		synonyms: ["castle", "medieval", "knights", "knight", "kingdom", "fantasy", "dragon", "dragons", "wizard", "wizards", "magic"],
		description: "a stone courtyard with walls, towers and banners",
	},
	city: {
		id: "city",
		label: "city",
		synonyms: ["city", "town", "urban", "downtown", "streets", "street"],
		description: "a city block: asphalt streets, pavements and buildings",
	},
	laboratory: {
		id: "laboratory",
		label: "laboratory",
		synonyms: ["laboratory", "lab", "science lab", "research station"],
		description: "a clean laboratory with benches and glassware",
	},
};

export const ELEMENTS: Record<ElementId, ElementEntry> = {
	quiz_board: {
		id: "quiz_board",
		label: "quiz boards",
		synonyms: ["quiz board", "quiz boards", "quiz", "quizzes", "question board", "question boards", "multiple choice"],
		description: "boards the teacher opens one question at a time; everyone answers together",
		subjects: "any",
		selfPaced: false,
	},
	treasure_hunt: {
		id: "treasure_hunt",
		label: "a treasure hunt",
		synonyms: ["treasure hunt", "treasure hunts", "treasure", "treasure chest", "treasure chests", "scavenger hunt", "chests"],
		description: "chests spread over the map; each opens with a question, a right answer finds the treasure",
		subjects: "any",
		selfPaced: true,
	},
	obstacle_course: {
		id: "obstacle_course",
		label: "an obstacle course",
		synonyms: ["obstacle course", "obstacle courses", "obby", "parkour", "gate course", "gates to open"],
		description: "a course of gates in a row; each gate opens for a player who answers its question right",
		subjects: "any",
		selfPaced: true,
	},
	timeline: {
		id: "timeline",
		label: "a timeline (put items in order)",
		synonyms: ["timeline", "timelines", "ordering", "put in order", "order items", "sequencing", "sorting activity", "ordering activity"],
		description: "a board of items to put in the right order (numbers by size, events by date, steps of a process)",
		subjects: ["math", "science", "geography", "language", "history"],
		selfPaced: true,
	},
	number_line: {
		id: "number_line",
		label: "number lines",
		synonyms: ["number line", "number lines", "manipulative", "manipulatives", "hands-on", "hands on"],
		description: "a number line to place a marker at a value (whole numbers, fractions, decimals, integers)",
		subjects: ["math"],
		selfPaced: true,
	},
	fraction_bar: {
		id: "fraction_bar",
		label: "fraction bars",
		synonyms: ["fraction bar", "fraction bars", "fraction strip", "fraction strips", "fraction tiles", "manipulative", "manipulatives"],
		description: "a bar split into equal parts; shade the parts that show a fraction",
		subjects: ["math"],
		selfPaced: true,
	},
	flashcards: {
		id: "flashcards",
		label: "flashcards",
		synonyms: ["flashcard", "flashcards", "flash card", "flash cards", "review cards"],
		description: "a deck each player works through at their own pace; missed cards come back until all are right",
		subjects: "any",
		selfPaced: true,
	},
};

/** The first theme named in free text (longest synonym wins when two overlap), if any. */
export function themeFromText(text: string): ThemeId | undefined {
	const lower = normalise(text);
	let best: { id: ThemeId; at: number; length: number } | undefined;
	for (const theme of Object.values(THEMES)) {
		for (const word of theme.synonyms) {
			const at = findWord(lower, word);
			if (at < 0) continue;
			if (!best || at < best.at || (at === best.at && word.length > best.length)) best = { id: theme.id, at, length: word.length };
		}
	}
	return best?.id;
}

/**
 * Every element named in free text, in catalogue order. "manipulatives" names both number lines
 * and fraction bars; elementsFromText leaves the subject fit to the caller (see elementSuits).
 */
export function elementsFromText(text: string): ElementId[] {
	const lower = normalise(text);
	return ELEMENT_IDS.filter((id) => ELEMENTS[id].synonyms.some((word) => findWord(lower, word) >= 0));
}

/** A theme id from a structured value ("Outer Space", "under_water"), if it is one the catalogue builds. */
export function normaliseTheme(value: string): ThemeId | undefined {
	return themeFromText(value.replace(/_/g, " "));
}

/** An element id from a structured value ("Treasure Hunt", "quiz_boards"), if the catalogue builds it. */
export function normaliseElement(value: string): ElementId | undefined {
	const lower = normalise(value.replace(/_/g, " "));
	return ELEMENT_IDS.find((id) => id === value.trim().toLowerCase() || ELEMENTS[id].synonyms.some((word) => findWord(lower, word) >= 0));
}

export function isThemeId(value: unknown): value is ThemeId {
	return typeof value === "string" && (THEME_IDS as readonly string[]).includes(value);
}

export function isElementId(value: unknown): value is ElementId {
	return typeof value === "string" && (ELEMENT_IDS as readonly string[]).includes(value);
}

/** Whether an element makes sense for a subject kind ("math", "science", ...). */
export function elementSuits(element: ElementId, subject: string): boolean {
	const fit = ELEMENTS[element].subjects;
	return fit === "any" || fit.includes(subject);
}

/** The elements that suit a subject kind, in catalogue order. */
export function elementsFor(subject: string): ElementId[] {
	return ELEMENT_IDS.filter((id) => elementSuits(id, subject));
}

/** One line per theme/element for a conversation prompt: "space (a moon base ...)". */
export function describeThemes(): string {
	return THEME_IDS.map((id) => THEMES[id].label).join(", ");
}

export function describeElements(subject?: string): string {
	return (subject ? elementsFor(subject) : [...ELEMENT_IDS]).map((id) => ELEMENTS[id].label).join(", ");
}

const normalise = (text: string): string => ` ${text.toLowerCase().replace(/[^a-z0-9-]+/g, " ").trim()} `;

/** Index of `word` in `lower` on word boundaries (lower is space-padded), or -1. */
function findWord(lower: string, word: string): number {
	const at = lower.indexOf(` ${word} `);
	return at;
}
