import type { MathTopic } from "../math/item.js";
import { MATH_TOPICS } from "../math/registry.js";
import { classifySubject } from "../subjects.js";
import { serves, toTopic, type Topic } from "./topics.js";

export interface MatchInput {
	grade: number;
	objectives: string[];
	subject?: string;
}

export interface ObjectiveMatch {
	/** The topics to generate from, in the order the objectives asked for them. */
	topics: Topic[];
	/** One sentence for the teacher: what will be built and against which standards, and what was not understood. */
	explanation: string;
	/** Objectives no topic for this grade (or one grade either side) matched. */
	unmatched: string[];
	/** When something was unmatched: the topics for this grade nearest to what was asked. */
	closest: Topic[];
	/** Number limits the objectives set per topic id ("add within 10" -> 10), applied on top of the grade's ranges. */
	limits: Record<string, number>;
}

/** A standards code or a prefix of one: `3.OA.C.7`, `3.OA`, `5.NF.A.1`, `8.EE`, `A.REI.B.3`, `K.CC`. */
const CODE = /\b(?:K|\d{1,2}|A|F|G|S|N)\.[A-Z]{1,4}(?:\.[A-Z])?(?:\.\d{1,2}[a-z]?)?\b/gi;
const CLAUSE_SPLIT = /,|;|\band then\b|\bthen\b|\band\b|\bplus also\b/i;
const STRONG = 4;
const CLOSEST = 5;

/**
 * Maps objectives to topics by standards codes (strongest), keyword phrases (longer phrases
 * count more) and grade. For each objective, and for each clause of it ("count to 20 and add
 * within 10"), the best-scoring topics serving the grade are chosen; a topic one grade either
 * side is chosen only when it matches the words strictly better than anything in the grade.
 * Nothing is substituted: an objective that matches nothing is reported with the closest topics.
 */
export function matchObjectives(input: MatchInput): ObjectiveMatch {
	const grade = input.grade;
	const objectives = input.objectives.map((o) => o.trim()).filter(Boolean);
	if (input.subject && classifySubject(input.subject) !== "math") {
		return { topics: [], explanation: `"${input.subject}" is not mathematics, so no maths topics apply.`, unmatched: objectives, closest: [], limits: {} };
	}
	const chosen: MathTopic[] = [];
	const unmatched: string[] = [];
	const notes: string[] = [];
	const limits = new Map<MathTopic, number | undefined>();
	const limit = (t: MathTopic, value: number | undefined) => limits.set(t, limits.has(t) && (limits.get(t) === undefined || value === undefined) ? undefined : Math.max(limits.get(t) ?? 0, value ?? 0) || undefined);
	for (const objective of objectives) {
		const picks = pick(objective, grade, 1);
		const whole = limitIn(objective);
		const byClause = new Map<MathTopic, number | undefined>();
		for (const clause of objective.split(CLAUSE_SPLIT).map((c) => c.trim()).filter(Boolean)) {
			if (clause === objective) continue;
			for (const t of pick(clause, grade, STRONG)) {
				picks.push(t);
				byClause.set(t, limitIn(clause));
			}
		}
		for (const t of new Set(picks)) limit(t, byClause.has(t) ? byClause.get(t) : whole);
		if (picks.length === 0) {
			unmatched.push(objective);
			const elsewhere = best(MATH_TOPICS, objective);
			if (elsewhere.length) notes.push(`"${objective}" is taught in ${elsewhere.map((t) => `${t.title} (${gradeSpan(t)})`).join(", ")}, not grade ${gradeName(grade)}`);
		}
		for (const t of picks) if (!chosen.includes(t)) chosen.push(t);
	}
	const closest = unmatched.length ? closestTopics(unmatched, grade) : [];
	const limitsById = Object.fromEntries([...limits].filter(([t, v]) => v !== undefined && chosen.includes(t)).map(([t, v]) => [t.id, v!]));
	return { topics: chosen.map(toTopic), explanation: explain(grade, objectives, chosen, unmatched, closest, notes), unmatched, closest: closest.map(toTopic), limits: limitsById };
}

/** "within 10", "to 120", "up to 1000", "less than 50" -> the number (never below 10); "facts to 10x10" is not a limit. */
function limitIn(text: string): number | undefined {
	const found = [...normalise(text).matchAll(/\b(?:within|to|up to|under|below|through|less than)\s+(\d{1,7})\b(?!\s*(?:times|x|×|\.\d))/g)].map((m) => Number(m[1]));
	return found.length ? Math.max(10, ...found) : undefined;
}

/** Best-scoring topics for a text: those serving the grade, or one grade either side when strictly better. */
function pick(text: string, grade: number, minimum: number): MathTopic[] {
	const inGrade = best(MATH_TOPICS.filter((t) => serves(t, grade)), text, minimum);
	const neighbours = best(MATH_TOPICS.filter((t) => !serves(t, grade) && (serves(t, grade - 1) || serves(t, grade + 1))), text, minimum);
	if (neighbours.length && (inGrade.length === 0 || score(neighbours[0], text) > score(inGrade[0], text))) return neighbours;
	return inGrade;
}

function best(topics: readonly MathTopic[], text: string, minimum = 1): MathTopic[] {
	const scored = topics.map((t) => [t, score(t, text)] as const).filter(([, s]) => s >= minimum);
	const top = Math.max(0, ...scored.map(([, s]) => s));
	return scored.filter(([, s]) => s === top).map(([t]) => t);
}

/**
 * Words that name a kind of number or a branch of maths. When an objective uses some, a topic
 * must be about at least one of them: "adding fractions" is not whole-number addition.
 */
const DOMAINS = ["fraction", "denominator", "numerator", "decimal", "tenths", "hundredths", "percent", "ratio", "rates", "unit rate", "integer", "negative", "equation", "inequalit", "exponent", "powers", "square root", "area", "perimeter", "volume", "angle", "probabilit", "mean", "median", "slope", "linear function", "system", "quadratic", "pythag", "hypotenuse", "mixed number"];

const domainsIn = (text: string): string[] => DOMAINS.filter((d) => new RegExp(`(^|[^a-z])${escape(d)}`).test(text));

/** Standards codes 100 each; each keyword phrase found as whole words scores its word count squared. */
export function score(topic: MathTopic, text: string): number {
	const normal = normalise(text);
	const asked = domainsIn(normal);
	if (asked.length && !asked.some((d) => `${topic.title} ${topic.keywords.join(" ")}`.toLowerCase().includes(d))) return 0;
	let total = 0;
	for (const code of text.match(CODE) ?? []) {
		const c = code.toUpperCase();
		if (topic.standards.some((s) => codeCovers(c, s.toUpperCase()))) total += 100;
	}
	for (const keyword of topic.keywords) {
		if (new RegExp(`(^|[^a-z0-9])${escape(keyword)}($|[^a-z0-9])`).test(normal)) total += keyword.split(/\s+/).length ** 2;
	}
	return total;
}

/** `3.OA` covers `3.OA.C.7`; `4.NF.B.3` covers `4.NF.B.3a`. */
const codeCovers = (code: string, standard: string): boolean => standard === code || standard.startsWith(`${code}.`) || (/\d$/.test(code) && new RegExp(`^${escape(code)}[A-Z]$`).test(standard));

function closestTopics(unmatched: string[], grade: number): MathTopic[] {
	const forGrade = MATH_TOPICS.filter((t) => serves(t, grade));
	const ranked = forGrade
		.map((t, i) => ({ t, s: unmatched.reduce((sum, o) => sum + looseScore(t, o), 0), i }))
		.sort((a, b) => b.s - a.s || a.i - b.i);
	return ranked.slice(0, CLOSEST).map((r) => r.t);
}

/** Shared word stems between the objective and the topic's title and keywords: enough to rank neighbours. */
function looseScore(topic: MathTopic, text: string): number {
	const words = new Set(normalise(text).split(/[^a-z0-9]+/).filter((w) => w.length > 3).map((w) => w.slice(0, 5)));
	const topicWords = new Set(`${topic.title} ${topic.keywords.join(" ")}`.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 3).map((w) => w.slice(0, 5)));
	return [...words].filter((w) => topicWords.has(w)).length;
}

function explain(grade: number, objectives: string[], chosen: MathTopic[], unmatched: string[], closest: MathTopic[], notes: string[]): string {
	const parts: string[] = [];
	if (objectives.length === 0) parts.push(`No objectives given: grade ${gradeName(grade)} topics will be mixed.`);
	if (chosen.length) parts.push(`I'll build ${chosen.map((t) => `${lowerFirst(t.title)} — ${standardsFor(t, grade).join(", ")}`).join("; ")}.`);
	if (unmatched.length) {
		parts.push(`I couldn't match ${unmatched.map((o) => `"${o}"`).join(", ")} to a grade ${gradeName(grade)} maths topic${notes.length ? ` (${notes.join("; ")})` : ""}.`);
		if (closest.length) parts.push(`The closest topics for grade ${gradeName(grade)} are: ${closest.map((t) => t.title).join("; ")}.`);
	}
	return parts.join(" ");
}

/** The topic's codes for this grade when it has some, otherwise all of them. */
function standardsFor(t: MathTopic, grade: number): string[] {
	const prefix = grade === 0 ? "K." : `${grade}.`;
	const own = t.standards.filter((s) => s.startsWith(prefix));
	return own.length ? own : t.standards;
}

const gradeName = (grade: number): string => (grade === 0 ? "K" : String(grade));
const gradeSpan = (t: MathTopic): string => (t.grades.min === t.grades.max ? `grade ${gradeName(t.grades.min)}` : `grades ${gradeName(t.grades.min)}-${gradeName(t.grades.max)}`);
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Lower case, "x" and "×" as "times" between numbers, digits words kept: "10x10" -> "10 times 10". */
function normalise(text: string): string {
	return text
		.toLowerCase()
		.replace(/(\d)\s*[x×]\s*(\d)/g, "$1 times $2")
		.replace(/\b(\d+)(st|nd|rd|th)\b/g, "$1")
		.replace(/\s+/g, " ")
		.trim();
}
