import type { BankSubject } from "./bank/questionBank.js";

export type SubjectKind = "math" | BankSubject;

const SUBJECT_WORDS: [SubjectKind, RegExp][] = [
	["math", /math|algebra|arithmetic|geometry|fraction|decimal|percent|number/i],
	["science", /science|biology|physics|chemistry|astronomy|earth/i],
	["geography", /geograph|social stud|map|world/i],
	["language", /english|language|reading|writing|grammar|literacy|ela\b/i],
];

/** Which source answers a free-text subject ("Mathematics", "Life Science", "ELA"...), if any. */
export function classifySubject(subject: string): SubjectKind | undefined {
	return SUBJECT_WORDS.find(([, re]) => re.test(subject))?.[0];
}

export const SUPPORTED_SUBJECTS = "mathematics, science, geography, language arts";
