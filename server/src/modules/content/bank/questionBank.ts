import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { DIFFICULTIES, StandardSchema } from "../types.js";

/**
 * The curated question bank: one JSON file per subject in `data/`, checked when first loaded
 * (shape, answer index in range, options distinct, grade band sane). A bad file fails loudly at
 * startup rather than serving a broken question to a classroom.
 */
export const BANK_SUBJECTS = ["science", "geography", "language"] as const;
export type BankSubject = (typeof BANK_SUBJECTS)[number];

const BankQuestionSchema = Type.Object(
	{
		grades: Type.Tuple([Type.Integer({ minimum: 1, maximum: 12 }), Type.Integer({ minimum: 1, maximum: 12 })]),
		difficulty: Type.Union(DIFFICULTIES.map((d) => Type.Literal(d))),
		/** What the question is about, for matching a teacher's objectives ("plants", "continents"). */
		topics: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 10 })),
		text: Type.String({ minLength: 1 }),
		options: Type.Array(Type.String({ minLength: 1 }), { minItems: 2, maxItems: 6 }),
		correct: Type.Integer({ minimum: 0 }),
		explanation: Type.String({ minLength: 1 }),
		hints: Type.Array(Type.String()),
		standards: Type.Array(StandardSchema),
	},
	{ additionalProperties: false },
);
export type BankQuestion = Static<typeof BankQuestionSchema>;

const BankFileSchema = Type.Object({ subject: Type.String(), questions: Type.Array(BankQuestionSchema, { minItems: 1 }) });

const dataDir = join(dirname(fileURLToPath(import.meta.url)), "data");
const cache = new Map<BankSubject, BankQuestion[]>();

export function loadBank(subject: BankSubject): BankQuestion[] {
	let questions = cache.get(subject);
	if (!questions) {
		questions = validateBank(JSON.parse(readFileSync(join(dataDir, `${subject}.json`), "utf8")), subject);
		cache.set(subject, questions);
	}
	return questions;
}

/** Throws with the first problem found; returns the questions when the file is sound. */
export function validateBank(data: unknown, subject: string): BankQuestion[] {
	if (!Value.Check(BankFileSchema, data)) {
		const first = [...Value.Errors(BankFileSchema, data)][0];
		throw new Error(`question bank ${subject}: ${first?.path || "/"} ${first?.message ?? "is invalid"}`);
	}
	if (data.subject !== subject) throw new Error(`question bank ${subject}: file says subject ${data.subject}`);
	data.questions.forEach((q, i) => {
		const where = `question bank ${subject}: question ${i}`;
		if (q.correct >= q.options.length) throw new Error(`${where}: correct ${q.correct} is out of range`);
		if (new Set(q.options.map((o) => o.trim().toLowerCase())).size !== q.options.length) throw new Error(`${where}: options repeat`);
		if (q.grades[0] > q.grades[1]) throw new Error(`${where}: grade band is reversed`);
	});
	return data.questions;
}

/** How far outside its grade band a question may still be served: one grade either side. */
export const GRADE_REACH = 1;

export interface BankSelection {
	/** Questions for the grade: those on the objectives' topics first, each group in-band before nearby. */
	questions: BankQuestion[];
	/** The bank topics the objectives named. */
	matchedTopics: string[];
	/** Objectives that name no topic of the bank at this grade. */
	unmatchedObjectives: string[];
	/** Every topic the bank has for the grade, for telling the teacher what it can do. */
	topicsForGrade: string[];
}

/**
 * What the bank can serve for a grade and objectives. Questions further than GRADE_REACH from
 * their band are never served. When some objectives name bank topics, only questions on those
 * topics come first; the rest of the grade's questions follow (the conversation tells the
 * teacher which objectives the bank does not cover before generating).
 */
export function bankSelection(subject: BankSubject, grade: number, objectives: string[]): BankSelection {
	const distance = (q: BankQuestion) => (grade < q.grades[0] ? q.grades[0] - grade : grade > q.grades[1] ? grade - q.grades[1] : 0);
	const eligible = loadBank(subject)
		.filter((q) => distance(q) <= GRADE_REACH)
		.sort((a, b) => distance(a) - distance(b));
	const topicsForGrade = [...new Set(eligible.flatMap((q) => q.topics ?? []))].sort();
	const matchedTopics = topicsForGrade.filter((topic) => objectives.some((o) => namesTopic(o, topic)));
	const unmatchedObjectives = objectives.filter((o) => !topicsForGrade.some((topic) => namesTopic(o, topic)));
	const onTopic = (q: BankQuestion) => (q.topics ?? []).some((t) => matchedTopics.includes(t));
	return { questions: [...eligible.filter(onTopic), ...eligible.filter((q) => !onTopic(q))], matchedTopics, unmatchedObjectives, topicsForGrade };
}

/** True when every word of the topic appears in the objective (plurals folded: "continent" = "continents"). */
export function namesTopic(objective: string, topic: string): boolean {
	const words = new Set(stems(objective));
	return stems(topic).every((w) => words.has(w));
}

const stems = (text: string): string[] =>
	text
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((w) => w.length > 2 && w !== "and" && w !== "the")
		.map((w) => w.replace(/ies$/, "y").replace(/([^s])s$/, "$1"));
