import { listTopics, matchObjectives } from "../../content/curriculum/index.js";
import { bankCoverage, BANK_SUBJECT_NAMES, classifySubject, questionSource, supportedSubjectsText } from "../../content/index.js";
import { describeElements, describeThemes, ELEMENTS, elementSuits, isElementId, isThemeId } from "../../content/worlds/catalogue.js";
import type { Fact, Facts } from "./stages.js";

/**
 * What the conversation may promise. Every turn's facts are reviewed against what this server
 * can actually build, and anything it cannot is taken back out of the facts with a note saying
 * so, so the conversation never walks a teacher to a generation that would fail or ignore them:
 *   - subjects: mathematics always; science, geography and language arts from the small
 *     built-in bank (its size for the grade is said); anything else only with a language model;
 *   - maths objectives: mapped to curriculum topics (content/curriculum matchObjectives) and the
 *     mapping said ("I'll build multiplication facts to 10x10 — 3.OA.C.7"); none matching is
 *     said with the closest topics for the grade, and the objectives are asked for again;
 *   - bank objectives: matched to the bank's topic tags; none matching is said, not substituted;
 *   - question counts beyond what the bank has for the grade are lowered, and said;
 *   - themes, environments and activities: only what content/worlds/catalogue.ts lists (built),
 *     and only activities that suit the subject.
 */
export interface OfferOptions {
	/** A language model is configured (LLM_BASE_URL). */
	llm: boolean;
}

export interface Review {
	/** Sentences for the teacher, in order. */
	notes: string[];
	/** Facts taken back out because they cannot be built. */
	refused: Fact[];
}

export function reviewFacts(facts: Facts, found: Partial<Facts>, options: OfferOptions): Review {
	const review: Review = { notes: [], refused: [] };
	const refuse = (fact: Fact, note: string) => {
		delete facts[fact];
		review.refused.push(fact);
		review.notes.push(note);
	};
	const grade = facts.grade_level;

	if (facts.subject && !questionSource(facts.subject, options.llm)) {
		refuse("subject", `I can't build ${facts.subject} lessons here. I can build ${supportedSubjectsText(false, grade, mathTopicsText(grade))}. Which of these would you like?`);
	}
	const kind = facts.subject ? classifySubject(facts.subject) : undefined;
	const bank = facts.subject && questionSource(facts.subject, options.llm) === "bank" && kind && kind !== "math" ? kind : undefined;
	if (bank && grade !== undefined) {
		const name = BANK_SUBJECT_NAMES[bank];
		const coverage = bankCoverage(bank, grade, facts.learning_objectives ?? []);
		if (coverage.available === 0) {
			refuse("subject", `The built-in ${name} bank has no questions for grade ${grade}. I can build ${supportedSubjectsText(false, grade, mathTopicsText(grade))}.`);
		} else {
			if (found.subject || found.grade_level) {
				review.notes.push(
					`Without a language model, ${name} questions come from a small built-in bank: ${coverage.available} for grade ${grade} (${coverage.topics.join(", ")}), so a lesson has at most ${coverage.available} and repeats across lessons.`,
				);
			}
			if (found.learning_objectives && !isGeneral(found.learning_objectives)) {
				if (coverage.matchedTopics.length === 0) {
					refuse(
						"learning_objectives",
						`The built-in ${name} bank has nothing on "${found.learning_objectives.join('", "')}" for grade ${grade}. It covers: ${coverage.topics.join(", ")}. Pick from those, or say "any topic".`,
					);
				} else if (coverage.unmatchedObjectives.length > 0) {
					review.notes.push(`I'll start with the bank's questions on ${coverage.matchedTopics.join(", ")}; it has nothing on "${coverage.unmatchedObjectives.join('", "')}", so other grade-${grade} ${name} questions fill the rest.`);
				} else {
					review.notes.push(`I'll start with the bank's questions on ${coverage.matchedTopics.join(", ")}.`);
				}
			}
			if (facts.question_count && facts.question_count > coverage.available) {
				review.notes.push(`The bank has only ${coverage.available} ${name} questions for grade ${grade}, so the lesson will have ${coverage.available}, not ${facts.question_count}.`);
				facts.question_count = coverage.available;
			}
		}
	}

	if (kind === "math" && grade !== undefined && found.learning_objectives?.length && !isGeneral(found.learning_objectives)) {
		const match = matchObjectives({ grade, objectives: found.learning_objectives });
		if (match.topics.length === 0) refuse("learning_objectives", `${match.explanation} Which would you like?`);
		else review.notes.push(match.explanation);
	}

	if (facts.theme && facts.theme !== "none" && !isThemeId(facts.theme)) refuse("theme", `I can't build a "${facts.theme}" world. I can build: ${describeThemes()}, or no theme.`);
	if (facts.environment_type && !isThemeId(facts.environment_type)) refuse("environment_type", `I can't build a "${facts.environment_type}" environment. I can build: ${describeThemes()}.`);

	if (facts.interactive_elements?.length) {
		const subjectKind = facts.subject ? (kind ?? facts.subject.toLowerCase().replace(/\s+/g, "_")) : undefined;
		const unbuilt = facts.interactive_elements.filter((e) => !isElementId(e));
		const built = facts.interactive_elements.filter(isElementId);
		const unsuited = subjectKind ? built.filter((e) => !elementSuits(e, subjectKind)) : [];
		const kept = built.filter((e) => !unsuited.includes(e));
		const problems = [...(unbuilt.length ? [`Not built: ${unbuilt.join(", ")}.`] : []), ...(unsuited.length ? [`Not for ${facts.subject}: ${unsuited.map((e) => ELEMENTS[e].label).join(", ")}.`] : [])].join(" ");
		if (kept.length === 0) refuse("interactive_elements", `${problems} I can build: ${describeElements(subjectKind)}.`);
		else {
			facts.interactive_elements = kept;
			if (problems) review.notes.push(`${problems} So I'll build ${kept.map((e) => ELEMENTS[e].label).join(", ")}.`);
		}
	}

	if (facts.unbuilt?.length) review.notes.push(`I can't build ${facts.unbuilt.join(", ")}. Worlds I can build: ${describeThemes()}. Activities: ${describeElements()}.`);
	delete facts.unbuilt;
	return review;
}

/** The subject question, with what can be built (sizes for the grade when it is known). */
export function subjectQuestion(options: OfferOptions, grade?: number): string {
	return `Which subject is this lesson for? I can build ${supportedSubjectsText(options.llm, grade, mathTopicsText(grade))}.`;
}

/** The maths topics for a grade ("12 topics for grade 3: ..."), or how many there are in all. */
function mathTopicsText(grade?: number): string {
	if (grade === undefined) return `${listTopics().length} curriculum topics, K-12`;
	const topics = listTopics(grade);
	return `${topics.length} topics for grade ${grade}: ${topics.map((t) => t.title).join("; ")}`;
}

const isGeneral = (objectives: string[]): boolean => objectives.every((o) => /\b(any|general|mixed|anything|all topics|whatever)\b/i.test(o));
