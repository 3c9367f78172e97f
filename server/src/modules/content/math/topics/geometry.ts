import { ccss, type MathTopic } from "../item.js";
import { assert, byDifficulty, near } from "./util.js";

const UNITS = ["cm", "m", "inches", "feet"];

/** Rectangles: area and perimeter. Misconceptions: the other measure, adding two sides only, squaring one side. */
export const areaPerimeterTopic: MathTopic = {
	id: "area-perimeter",
	title: "Area and perimeter of rectangles",
	cluster: "Measurement and Data",
	standards: ["3.MD.C.7", "3.MD.D.8", "4.MD.A.3"],
	grades: { min: 3, max: 5 },
	keywords: ["area", "perimeter", "rectangle", "rectangles", "square units", "length and width", "measurement"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 3 ? byDifficulty(difficulty, [50, 100, 100]) : byDifficulty(difficulty, [100, 400, 1000]) }),
	generate(rng, { grade, difficulty }) {
		const top = grade === 3 ? byDifficulty(difficulty, [6, 10, 10]) : byDifficulty(difficulty, [10, 20, 30]);
		const l = rng.int(2, top);
		const w = rng.int(2, top);
		assert(l !== w, "a square hides the l/w mix-ups");
		const unit = rng.pick(UNITS);
		const area = rng.chance(0.5);
		const answer = area ? l * w : 2 * (l + w);
		return {
			text: `A rectangle is ${l} ${unit} long and ${w} ${unit} wide. What is its ${area ? `area in square ${unit}` : `perimeter in ${unit}`}?`,
			answer: String(answer),
			distractors: area ? [String(2 * (l + w)), String(l + w), String(l * l)] : [String(l * w), String(l + w), String(2 * l + w)],
			fallbacks: near(answer, [1, -1, 2, -2, l, w]),
			explanation: area ? `Area = length × width = ${l} × ${w} = ${answer} square ${unit}.` : `Perimeter = the distance all the way round = ${l} + ${w} + ${l} + ${w} = ${answer} ${unit}.`,
			hints: area ? ["Area counts the unit squares inside.", "Multiply the length by the width."] : ["Perimeter is the distance around the edge.", "There are two lengths and two widths."],
			standards: [ccss(grade === 3 ? (area ? "3.MD.C.7" : "3.MD.D.8") : "4.MD.A.3")],
		};
	},
};

/** Triangles (and the halving step). Misconceptions: forgetting to halve, adding base and height. */
export const triangleAreaTopic: MathTopic = {
	id: "area-triangles",
	title: "Area of triangles",
	cluster: "Geometry",
	standards: ["6.G.A.1"],
	grades: { min: 6, max: 7 },
	keywords: ["area of triangles", "area of a triangle", "triangle area", "triangles", "area", "polygons", "base and height"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [100, 400, 1000]) }),
	generate(rng, { difficulty }) {
		const top = byDifficulty(difficulty, [12, 20, 30]);
		const b = rng.int(2, top);
		const h = rng.int(2, top);
		assert((b * h) % 2 === 0 && b !== h, "whole-number area, base and height differ");
		const unit = rng.pick(UNITS);
		const answer = (b * h) / 2;
		return {
			text: `A triangle has a base of ${b} ${unit} and a height of ${h} ${unit}. What is its area in square ${unit}?`,
			answer: String(answer),
			distractors: [String(b * h), String(b + h), String(2 * (b + h))],
			fallbacks: near(answer, [1, -1, 2, b, h]),
			explanation: `A triangle is half of a rectangle with the same base and height: ${b} × ${h} ÷ 2 = ${answer} square ${unit}.`,
			hints: ["Area of a triangle = base × height ÷ 2.", "Picture the rectangle around the triangle."],
			standards: [ccss("6.G.A.1")],
		};
	},
};

/** Rectangular prisms. Misconceptions: adding the edges, one face only, surface-area mix-up. */
export const volumeTopic: MathTopic = {
	id: "volume",
	title: "Volume of rectangular prisms",
	cluster: "Measurement and Data / Geometry",
	standards: ["5.MD.C.3", "5.MD.C.5", "6.G.A.2", "7.G.B.6"],
	grades: { min: 5, max: 7 },
	keywords: ["volume", "rectangular prism", "rectangular prisms", "cubic units", "cubes", "box", "capacity", "3d shapes"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [300, 1000, 5000]) }),
	generate(rng, { grade, difficulty }) {
		const top = byDifficulty(difficulty, [6, 10, 15]);
		const [l, w, h] = [rng.int(2, top), rng.int(2, top), rng.int(2, top)];
		assert(new Set([l, w, h]).size === 3, "three different edges");
		const unit = rng.pick(UNITS);
		const answer = l * w * h;
		return {
			text: `A box is ${l} ${unit} long, ${w} ${unit} wide and ${h} ${unit} tall. What is its volume in cubic ${unit}?`,
			answer: String(answer),
			distractors: [String(l + w + h), String(l * w), String(2 * (l * w + l * h + w * h))],
			fallbacks: near(answer, [l * w, -(l * w), 1, -1]),
			explanation: `Volume = length × width × height = ${l} × ${w} × ${h} = ${answer} cubic ${unit}.`,
			hints: ["How many unit cubes cover the bottom layer?", "Multiply by the number of layers."],
			standards: [ccss(grade === 5 ? "5.MD.C.5" : grade === 6 ? "6.G.A.2" : "7.G.B.6")],
		};
	},
};

/**
 * Angles: adding parts (grade 4-6), complementary and supplementary (7), the triangle sum (8+).
 * Misconceptions: the wrong total (90 vs 180), subtracting only one angle.
 */
export const anglesTopic: MathTopic = {
	id: "angles",
	title: "Angles (angle addition, complementary, supplementary, triangle sum)",
	cluster: "Measurement and Data / Geometry",
	standards: ["4.MD.C.7", "7.G.B.5", "8.G.A.5"],
	grades: { min: 4, max: 9 },
	keywords: ["angles", "angle", "degrees", "complementary", "supplementary", "triangle sum", "angle sum", "protractor", "right angle", "straight angle"],
	range: () => ({ min: 0, max: 360 }),
	generate(rng, { grade }) {
		if (grade <= 6) {
			const a = rng.int(10, 120);
			const b = rng.int(10, 170 - a);
			const answer = a + b;
			return {
				text: `An angle is split into two parts of ${a}° and ${b}°. What is the whole angle?`,
				answer: `${answer}°`,
				distractors: [`${Math.abs(a - b) || answer + 10}°`, `${180 - answer > 0 ? 180 - answer : answer + 20}°`, `${answer + 10}°`],
				fallbacks: [`${answer - 10}°`, `${answer + 1}°`, `${answer + 5}°`],
				explanation: `The parts add up to the whole: ${a}° + ${b}° = ${answer}°.`,
				hints: ["Angle measures add.", "The whole angle is bigger than each part."],
				standards: [ccss("4.MD.C.7")],
			};
		}
		if (grade === 7 || rng.chance(0.3)) {
			const complementary = rng.chance(0.5);
			const total = complementary ? 90 : 180;
			const a = rng.int(5, total - 5);
			return {
				text: `Two angles are ${complementary ? "complementary" : "supplementary"}. One measures ${a}°. What does the other measure?`,
				answer: `${total - a}°`,
				distractors: [`${(complementary ? 180 : 90) - a > 0 ? (complementary ? 180 : 90) - a : 360 - a}°`, `${360 - a}°`, `${total - a + 10}°`],
				fallbacks: [`${total - a - 10}°`, `${total - a + 1}°`, `${a}°`],
				explanation: `${complementary ? "Complementary" : "Supplementary"} angles add up to ${total}°: ${total}° - ${a}° = ${total - a}°.`,
				hints: ["Complementary angles make a right angle (90°); supplementary angles make a straight line (180°).", `Subtract ${a}° from the total.`],
				standards: [ccss("7.G.B.5")],
			};
		}
		const a = rng.int(20, 100);
		const b = rng.int(20, 160 - a);
		const c = 180 - a - b;
		return {
			text: `A triangle has angles of ${a}° and ${b}°. What is the third angle?`,
			answer: `${c}°`,
			distractors: [`${360 - a - b}°`, `${a + b}°`, `${90 - a > 0 ? 90 - a : c + 10}°`],
			fallbacks: [`${c + 10}°`, `${c - 1}°`, `${c + 5}°`],
			explanation: `The angles of a triangle add up to 180°: 180° - ${a}° - ${b}° = ${c}°.`,
			hints: ["What do the three angles of any triangle add up to?", "Subtract both known angles."],
			standards: [ccss("8.G.A.5")],
		};
	},
};
