import { describe, expect, it } from "vitest";
import {
	ELEMENT_IDS,
	ELEMENTS,
	elementsFor,
	elementsFromText,
	elementSuits,
	normaliseElement,
	normaliseTheme,
	THEME_IDS,
	THEMES,
	themeFromText,
} from "../../src/modules/content/worlds/catalogue.js";

describe("worlds catalogue", () => {
	it("finds themes by their synonyms, on word boundaries", () => {
		expect(themeFromText("Let's use a space theme")).toBe("space");
		expect(themeFromText("something underwater, like a coral reef")).toBe("ocean");
		expect(themeFromText("a jungle adventure")).toBe("forest");
		expect(themeFromText("knights and a castle")).toBe("castle");
		expect(themeFromText("downtown streets")).toBe("city");
		expect(themeFromText("in the science lab")).toBe("laboratory");
		// "spacecraft"-like words and substrings do not match: "seasons" is not "sea", "labels" not "lab".
		expect(themeFromText("the four seasons and labels")).toBeUndefined();
		expect(normaliseTheme("Outer_Space")).toBe("space");
		expect(normaliseTheme("volcano")).toBeUndefined();
	});

	it("finds every element named in a sentence, and normalises structured values", () => {
		expect(elementsFromText("A treasure hunt with flashcards, of course")).toEqual(["treasure_hunt", "flashcards"]);
		expect(elementsFromText("an obby and a timeline")).toEqual(["obstacle_course", "timeline"]);
		expect(elementsFromText("some manipulatives")).toEqual(["number_line", "fraction_bar"]);
		expect(elementsFromText("a classroom with quiz boards")).toEqual(["quiz_board"]);
		expect(elementsFromText("sort of a number sequence")).toEqual([]);
		expect(normaliseElement("Treasure Hunt")).toBe("treasure_hunt");
		expect(normaliseElement("quiz_boards")).toBe("quiz_board");
		expect(normaliseElement("puzzles")).toBeUndefined();
	});

	it("says which subjects each element suits", () => {
		expect(elementSuits("number_line", "math")).toBe(true);
		expect(elementSuits("number_line", "science")).toBe(false);
		expect(elementSuits("treasure_hunt", "history")).toBe(true);
		expect(elementsFor("science")).toEqual(["quiz_board", "treasure_hunt", "obstacle_course", "timeline", "flashcards"]);
		expect(elementsFor("math")).toEqual([...ELEMENT_IDS]);
	});

	it("keeps ids, entries and synonyms consistent: no synonym names two themes", () => {
		for (const id of THEME_IDS) expect(THEMES[id].id).toBe(id);
		for (const id of ELEMENT_IDS) expect(ELEMENTS[id].id).toBe(id);
		const owner = new Map<string, string>();
		for (const theme of Object.values(THEMES)) {
			for (const word of theme.synonyms) {
				expect(owner.get(word), word).toBeUndefined();
				owner.set(word, theme.id);
				expect(themeFromText(`I'd like ${word} please`)).toBe(theme.id);
			}
		}
		for (const element of Object.values(ELEMENTS)) for (const word of element.synonyms) expect(elementsFromText(`with ${word} please`)).toContain(element.id);
	});
});
