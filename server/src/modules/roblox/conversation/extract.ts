import { elementsFromText, normaliseElement, normaliseTheme, themeFromText } from "../../content/worlds/catalogue.js";
import type { Facts } from "./stages.js";

/**
 * Rule-based fact extraction from a teacher's message: no language model needed. Each rule
 * looks for one fact; whatever is found is merged into the conversation's facts (newer wins).
 * `stage` lets an answer to the question just asked be taken literally (a bare "fractions and
 * decimals" in the requirements stage is the objectives).
 */
export function extractFacts(text: string, stage: string): Partial<Facts> {
	const lower = ` ${text.toLowerCase().replace(/\s+/g, " ")} `;
	const facts: Partial<Facts> = {};
	const subject = matchTable(lower, SUBJECTS);
	if (subject) facts.subject = subject;
	const grade = gradeOf(lower);
	if (grade !== undefined) facts.grade_level = grade;
	const objectives = objectivesOf(text, stage);
	if (objectives.length > 0) facts.learning_objectives = objectives;
	// Themes and elements come from the worlds catalogue: only what is built is ever recognised.
	// A world named in any message is both the lesson's theme and its environment.
	// Objectives are free text ("planets", "sports statistics"): only other answers are read for worlds and wishes.
	const world = stage === "requirements" ? undefined : themeFromText(text);
	if (world) {
		facts.theme = world;
		facts.environment_type = world;
	} else if (stage === "personalization" && /\b(no|none|nothing|skip|not really|no theme)\b/.test(lower)) facts.theme = "none";
	const elements = elementsFromText(text);
	if (elements.length > 0) facts.interactive_elements = elements;
	const unbuilt = stage === "requirements" ? [] : unbuiltWishes(lower);
	if (unbuilt.length > 0) facts.unbuilt = unbuilt;
	const difficulty = matchTable(lower, DIFFICULTY) as Facts["difficulty"];
	if (difficulty) facts.difficulty = difficulty;
	const count = /\b(\d{1,2})\s+(?:quiz\s+)?questions?\b/.exec(lower);
	if (count && Number(count[1]) >= 1 && Number(count[1]) <= 50) facts.question_count = Number(count[1]);
	return facts;
}

export const isConfirmation = (text: string): boolean =>
	/\b(yes|yep|yeah|confirm(ed)?|looks good|sounds good|correct|go ahead|generate( it)?|do it|perfect|ok(ay)?)\b/i.test(text) && !/\b(no|not|change|wait)\b/i.test(text);

/** Normalises a subject, environment or element given as structured input (context, requirements). */
export const normalizeSubject = (value: string): string => matchTable(` ${value.toLowerCase()} `, SUBJECTS) ?? value.trim().toLowerCase();
/** Catalogue ids when the value names something built; otherwise the value as given, which the review then refuses by name. */
export const normalizeEnvironment = (value: string): string => normaliseTheme(value) ?? value.trim().toLowerCase().replace(/\s+/g, "_");
export const normalizeElement = (value: string): string => normaliseElement(value) ?? value.trim().toLowerCase().replace(/\s+/g, "_");

/**
 * Worlds and activities teachers ask for that are not built (see content/worlds/catalogue.ts):
 * recognised only so the conversation can say so by name instead of ignoring them.
 */
const UNBUILT: [string, RegExp][] = [
	["puzzles", /\bpuzzles?\b/],
	["a maze", /\bmazes?\b/],
	["an escape room", /\bescape rooms?\b/],
	["simulations", /\bsimulations?\b/],
	["experiments", /\b(virtual )?(experiments?|virtual lab)\b/],
	["matching games", /\bmatching games?\b/],
	["crosswords", /\bcrosswords?\b/],
	["a sports theme", /\b(sports?|soccer|football|basketball)\b/],
	["a dinosaur theme", /\bdinosaurs?\b/],
	["a volcano theme", /\bvolcano(e?s)?\b/],
	["a desert theme", /\bdeserts?\b/],
	["an arctic theme", /\b(arctic|polar|antarctic)\b/],
	["a farm theme", /\bfarms?\b/],
	["a museum", /\bmuseums?\b/],
];

function unbuiltWishes(lower: string): string[] {
	return UNBUILT.filter(([, re]) => re.test(lower)).map(([name]) => name);
}

type Table = [string, RegExp][];

const SUBJECTS: Table = [
	["mathematics", /\b(math|maths|mathematics|algebra|arithmetic|geometry|fractions?|decimals?|percent(age)?s?|equations?|multiplication|division)\b/],
	// Before science: "computer science" is not science.
	["computer science", /\b(coding|programming|computer science|computing)\b/],
	["science", /\b(science|biology|physics|chemistry|astronomy|ecosystems?|photosynthesis)\b/],
	["geography", /\b(geography|maps?|continents?|countries|capitals?)\b/],
	["language arts", /\b(english|language arts|reading|writing|grammar|spelling|literacy|ela)\b/],
	["history", /\b(history|historical|ancient)\b/],
];

const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12 };

function gradeOf(lower: string): number | undefined {
	const patterns = [/\bgrade\s*(\d{1,2})\b/, /\b(\d{1,2})(?:st|nd|rd|th)[\s-]*grade(?:rs)?\b/, /\byear\s*(\d{1,2})\b/, /\b(\d{1,2})(?:st|nd|rd|th)\s+graders?\b/];
	for (const re of patterns) {
		const m = re.exec(lower);
		if (m) {
			const n = Number(m[1]);
			if (n >= 1 && n <= 12) return n;
		}
	}
	const word = /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)[\s-]*grade(?:rs)?\b/.exec(lower);
	return word ? ORDINALS[word[1]] : undefined;
}

/** Hedges and small talk are not objectives, even when they answer the objectives question. */
const NON_ANSWER = /^\W*(h+m+|u+m+|hello|hi|hey|ok(ay)?|yes|no|maybe)\b|\b(not sure|don'?t know|no idea|idk|let me think)\b/i;

const OBJECTIVE_LEAD = /\b(?:practi[cs]e|learn(?:ing)?(?: how)? to|learn about|understand|master|be able to|objectives? (?:is|are|:)|goals? (?:is|are|:)|focus on|work on)\s+([^.!?]+)/i;

function objectivesOf(text: string, stage: string): string[] {
	const lead = OBJECTIVE_LEAD.exec(text);
	const source = lead ? lead[1] : stage === "requirements" && text.trim().length >= 3 && !NON_ANSWER.test(text) ? text : undefined;
	if (!source) return [];
	return source
		.split(/,|;|\band\b|\n/i)
		.map((s) => s.trim().replace(/^(to|how to)\s+/i, "").replace(/\s+(in|for) (grade|year) \d+.*$/i, ""))
		.filter((s) => s.length >= 3)
		.slice(0, 10)
		.map((s) => s.slice(0, 300));
}




const DIFFICULTY: Table = [
	["easy", /\b(easy|simple|beginner|basic|gentle)\b/],
	["hard", /\b(hard|difficult|challenging|advanced|tough)\b/],
	["medium", /\b(medium|moderate|intermediate|average|normal)\b/],
];

function matchTable(lower: string, table: Table): string | undefined {
	return table.find(([, re]) => re.test(lower))?.[0];
}
