import { BANK_SUBJECTS, bankSelection, loadBank, type BankSubject } from "./bank/questionBank.js";

export type SubjectKind = "math" | BankSubject;

const SUBJECT_WORDS: [SubjectKind, RegExp][] = [
	["math", /math|algebra|arithmetic|geometry|fraction|decimal|percent|number/i],
	["science", /science|biology|physics|chemistry|astronomy|earth/i],
	["geography", /geograph|social stud|map|world/i],
	["language", /english|language|reading|writing|grammar|literacy|ela\b/i],
];

/** Which built-in source answers a free-text subject ("Mathematics", "Life Science", "ELA"...), if any. */
export function classifySubject(subject: string): SubjectKind | undefined {
	// "Computer science", "social science"... name no built-in source's subject.
	if (/computer|coding|programming|social science|political/i.test(subject)) return undefined;
	return SUBJECT_WORDS.find(([, re]) => re.test(subject))?.[0];
}

export const SUPPORTED_SUBJECTS = "mathematics, science, geography, language arts";

export const BANK_SUBJECT_NAMES: Record<BankSubject, string> = { science: "science", geography: "geography", language: "language arts" };

/**
 * Where a lesson's questions would come from: the maths generators, the built-in bank, or the
 * configured language model; `undefined` when nothing can build it (then generation must not
 * be attempted).
 */
export type QuestionSource = "generated" | "bank" | "llm";

export function questionSource(subject: string, llm: boolean): QuestionSource | undefined {
	const kind = classifySubject(subject);
	if (kind === "math") return "generated";
	if (llm) return "llm";
	return kind ? "bank" : undefined;
}

/** How many bank questions a grade can be served (band +- GRADE_REACH), and on which topics. */
export function bankCoverage(kind: BankSubject, grade: number, objectives: string[] = []) {
	const selection = bankSelection(kind, grade, objectives);
	return { available: selection.questions.length, topics: selection.topicsForGrade, matchedTopics: selection.matchedTopics, unmatchedObjectives: selection.unmatchedObjectives };
}

/**
 * What this server can build, in a sentence for the teacher. Without a model: mathematics from
 * the generators, the three bank subjects with their (small) sizes for the grade when known.
 */
export function supportedSubjectsText(llm: boolean, grade?: number, mathTopics?: string): string {
	if (llm) return `any school subject: mathematics from the built-in generators (${mathTopics ?? "always checked"}), everything else written by the language model and checked before use`;
	const bank = BANK_SUBJECTS.map((s) => {
		if (grade === undefined) return `${BANK_SUBJECT_NAMES[s]} (${loadBank(s).length} questions across grades 1-12)`;
		const c = bankCoverage(s, grade);
		return `${BANK_SUBJECT_NAMES[s]} (${c.available} question${c.available === 1 ? "" : "s"} for grade ${grade}${c.topics.length ? `: ${c.topics.join(", ")}` : ""})`;
	});
	return `mathematics (generated questions${mathTopics ? `: ${mathTopics}` : ""}, as many as you like), and from a small built-in question bank only ${bank.join("; ")}. Other subjects, such as history or computer science, need a language model, which is not configured here`;
}
