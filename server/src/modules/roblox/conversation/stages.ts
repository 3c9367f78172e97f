import { describeElements, describeThemes } from "../../content/worlds/catalogue.js";

/**
 * The eight stages of the lesson-design conversation, in order, and the facts each one needs
 * before the conversation moves on. A stage is left only when all of its facts are known;
 * facts mentioned early (in the first message, or in `context`) are kept and let later stages
 * pass at once.
 */
export const STAGES = ["greeting", "discovery", "requirements", "personalization", "content_design", "uniqueness_enhancement", "validation", "generation"] as const;
export type Stage = (typeof STAGES)[number];

export interface Facts {
	acknowledged?: boolean;
	subject?: string;
	grade_level?: number;
	learning_objectives?: string[];
	theme?: string;
	environment_type?: string;
	interactive_elements?: string[];
	difficulty?: "easy" | "medium" | "hard";
	question_count?: number;
	confirmed?: boolean;
	/** Transient (never stored): worlds or activities asked for that are not built, for the reply to name. */
	unbuilt?: string[];
}

export type Fact = keyof Facts;

export const REQUIRED: Record<Stage, Fact[]> = {
	greeting: ["acknowledged"],
	discovery: ["subject", "grade_level"],
	requirements: ["learning_objectives"],
	personalization: ["theme"],
	content_design: ["environment_type", "interactive_elements"],
	uniqueness_enhancement: ["difficulty"],
	validation: ["confirmed"],
	generation: [],
};

/** What generation needs, whatever the stage. */
export const NEEDED_FOR_GENERATION: Fact[] = ["subject", "grade_level", "learning_objectives", "environment_type", "interactive_elements", "difficulty"];

export const QUESTIONS: Record<Exclude<Fact, "unbuilt">, string> = {
	acknowledged: "Tell me what you would like to teach.",
	subject: "Which subject is this lesson for (for example mathematics, science, geography or language arts)?",
	grade_level: "Which grade are your students in (1 to 12)?",
	learning_objectives: "What should students be able to do after the lesson (for example \"add fractions with unlike denominators\")?",
	theme: `Which world would your students enjoy: ${describeThemes()}? Or say "no theme".`,
	environment_type: `Where should the lesson take place: ${describeThemes()}?`,
	interactive_elements: `Which activities do you want: ${describeElements()}?`,
	difficulty: "How challenging should it be: easy, medium or hard? You can also say how many questions you want.",
	question_count: "How many questions?",
	confirmed: "Shall I generate it? Answer \"yes\" to confirm, or tell me what to change.",
};

export const stageNumber = (stage: Stage): number => STAGES.indexOf(stage) + 1;

export const missingFacts = (facts: Facts, needed: Fact[]): Fact[] =>
	needed.filter((fact) => {
		const value = facts[fact];
		return value === undefined || value === false || (Array.isArray(value) && value.length === 0);
	});
