import type { Rng } from "../random.js";
import type { Difficulty } from "../types.js";
import type { Draft } from "./manipulatives.js";

/**
 * Timeline / ordering activities: 4-5 items to put in order. Maths items are generated for the
 * grade (whole numbers, then fractions and decimals whose digit counts vary so length gives
 * nothing away, then integers); other subjects use short curated sequences whose order is a
 * fact (planets from the Sun, dates of events). Options are stored shuffled, never in the
 * right order; `order` (server-only) is the key and `correct` its first item.
 */
export function orderingQuestion(subject: string, grade: number, rng: Rng, difficulty: Difficulty): Draft | undefined {
	const sequence = subject === "math" ? mathSequence(grade, rng, difficulty) : curatedSequence(subject, grade, rng);
	if (!sequence) return undefined;
	const { items, prompt, standard, hint } = sequence;
	const order = shuffledAwayFromIdentity(items.length, rng);
	// options[k] = items[order[k]]; the right sequence of option indexes is the inverse permutation.
	const options = order.map((i) => items[i]);
	const key = items.map((_, rank) => order.indexOf(rank));
	return {
		kind: "ordering",
		text: prompt,
		options,
		correct: key[0],
		order: key,
		explanation: `In order: ${items.join(", ")}.`,
		hints: [hint],
		difficulty,
		standards: standard ? [{ system: "CCSS", code: standard }] : [],
	};
}

interface Sequence {
	items: string[];
	prompt: string;
	standard?: string;
	hint: string;
}

function mathSequence(grade: number, rng: Rng, difficulty: Difficulty): Sequence {
	const count = difficulty === "hard" ? 5 : 4;
	const descending = difficulty === "hard" && rng.chance(0.5);
	const direction = descending ? "greatest to least" : "least to greatest";
	let values: { value: number; text: string }[];
	let standard: string;
	if (grade <= 1) {
		values = distinct(count, rng, () => rng.int(1, 20)).map(whole);
		standard = "1.NBT.B.3";
	} else if (grade === 2) {
		values = distinct(count, rng, () => rng.int(100, 999)).map(whole);
		standard = "2.NBT.A.4";
	} else if (grade === 3) {
		// Unit fractions: a bigger denominator is a smaller piece.
		values = rng.shuffle([2, 3, 4, 6, 8]).slice(0, count).map((d) => ({ value: 1 / d, text: `1/${d}` }));
		standard = "3.NF.A.3";
	} else if (grade <= 5) {
		// Decimals of mixed lengths around the same size, so the longest is not the greatest.
		values = distinct(count, rng, () => rng.int(1, 99) / (rng.chance(0.5) ? 100 : 10) + (rng.chance(0.3) ? rng.int(1, 9) / 1000 : 0)).map((v) => ({ value: v, text: String(Math.round(v * 1000) / 1000) }));
		standard = "5.NBT.A.3";
	} else {
		values = distinct(count, rng, () => rng.int(-20, 20)).map(whole);
		standard = "6.NS.C.7";
	}
	values.sort((a, b) => (descending ? b.value - a.value : a.value - b.value));
	return {
		items: values.map((v) => v.text),
		prompt: `Put these numbers in order from ${direction}.`,
		standard,
		hint: descending ? "Find the greatest number first." : "Find the least number first.",
	};
}

const whole = (v: number) => ({ value: v, text: String(v) });

function distinct(count: number, rng: Rng, make: () => number): number[] {
	const seen = new Set<number>();
	while (seen.size < count) seen.add(Math.round(make() * 1000) / 1000);
	return [...seen];
}

interface Curated {
	grades: [number, number];
	prompt: string;
	/** In the right order. */
	items: string[];
	hint: string;
}

/** Sequences whose order is a plain fact; a 4-5 item run is taken in order from each. */
const CURATED: Record<string, Curated[]> = {
	science: [
		{ grades: [3, 12], prompt: "Put the planets in order from the Sun, nearest first.", items: ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"], hint: "Earth is the third planet from the Sun." },
		{ grades: [1, 6], prompt: "Put the life cycle of a butterfly in order, starting with the egg.", items: ["Egg", "Caterpillar (larva)", "Chrysalis (pupa)", "Adult butterfly"], hint: "The caterpillar hatches from the egg." },
		{ grades: [1, 5], prompt: "Put the growth of a bean plant in order.", items: ["Seed", "Seed sprouts a root", "Seedling with first leaves", "Adult plant with flowers", "Pods with new seeds"], hint: "Everything starts with a seed." },
		{ grades: [5, 12], prompt: "Put these from smallest to largest.", items: ["Atom", "Molecule", "Cell", "Organ", "Organism"], hint: "Atoms join to make molecules." },
	],
	geography: [
		{ grades: [2, 12], prompt: "Put these places in order from smallest to largest.", items: ["Street", "City", "State", "Country", "Continent"], hint: "A street is inside a city." },
		{ grades: [3, 12], prompt: "Put the oceans in order from largest to smallest.", items: ["Pacific Ocean", "Atlantic Ocean", "Indian Ocean", "Southern Ocean", "Arctic Ocean"], hint: "The Pacific is the largest ocean." },
		{ grades: [4, 12], prompt: "Put the continents in order from largest to smallest area.", items: ["Asia", "Africa", "North America", "South America", "Antarctica", "Europe", "Australia"], hint: "Asia is the largest continent." },
	],
	history: [
		{ grades: [4, 12], prompt: "Put these events in order, earliest first.", items: ["The Great Pyramid of Giza is built", "The Roman Republic is founded", "The Magna Carta is sealed", "Columbus reaches the Americas", "The US Declaration of Independence", "World War I begins", "The first Moon landing"], hint: "The pyramids are the oldest of these." },
		{ grades: [4, 12], prompt: "Put these inventions in order, earliest first.", items: ["The wheel", "The printing press (Gutenberg)", "The steam locomotive", "The telephone", "The airplane (Wright brothers)", "The World Wide Web"], hint: "The wheel is thousands of years old." },
	],
	language: [
		{ grades: [1, 4], prompt: "Put the story steps in order.", items: ["Beginning: meet the characters", "A problem starts", "The characters try to solve it", "The problem is solved", "Ending"], hint: "Every story starts with its beginning." },
	],
};

const WORDS = ["apple", "banana", "cherry", "grape", "lemon", "mango", "orange", "peach", "pear", "plum", "melon", "kiwi", "berry", "bread", "brick", "bring", "cloud", "clock", "crab", "crane"];

function curatedSequence(subject: string, grade: number, rng: Rng): Sequence | undefined {
	if (subject === "language" && (grade >= 2 || rng.chance(0.5))) {
		// Alphabetical order; from grade 3 words may share first letters (second-letter order).
		const pool = grade >= 3 ? WORDS : WORDS.filter((w, i, all) => all.findIndex((o) => o[0] === w[0]) === i);
		const items = rng.shuffle(pool).slice(0, 4).sort();
		return { items, prompt: "Put these words in alphabetical order.", hint: "Compare the first letters; if they match, compare the next letters." };
	}
	const sets = (CURATED[subject] ?? []).filter((s) => grade >= s.grades[0] && grade <= s.grades[1]);
	if (sets.length === 0) return undefined;
	const set = rng.pick(sets);
	const length = Math.min(set.items.length, 5);
	const start = rng.int(0, set.items.length - length);
	return { items: set.items.slice(start, start + length), prompt: set.prompt, hint: set.hint };
}

/** A permutation of 0..n-1 that is not the identity (n >= 2). */
function shuffledAwayFromIdentity(n: number, rng: Rng): number[] {
	const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
	if (order.every((v, i) => v === i)) order.push(order.shift()!);
	return order;
}
