import type { MathTopic } from "./item.js";
import { addSub1000Topic, addSub100Topic, addSub20Topic } from "./topics/addSub.js";
import { compareWholeTopic, countingTopic } from "./topics/counting.js";
import { decimalAddSubTopic, decimalCompareTopic } from "./topics/decimals.js";
import { multiStepEquationTopic, oneStepEquationTopic, twoStepEquationTopic } from "./topics/equations.js";
import { fractionAddLikeTopic, fractionAddUnlikeTopic } from "./topics/fractionAddSub.js";
import { divisionFactsTopic, multiDigitDivisionTopic, multiDigitMultiplicationTopic, multiplicationFactsTopic } from "./topics/multDiv.js";
import { percentOfTopic } from "./topics/percent.js";

/** Every procedural maths generator, roughly in the order the grades meet them. */
export const MATH_TOPICS: readonly MathTopic[] = [
	countingTopic,
	compareWholeTopic,
	addSub20Topic,
	addSub100Topic,
	addSub1000Topic,
	multiplicationFactsTopic,
	divisionFactsTopic,
	multiDigitMultiplicationTopic,
	multiDigitDivisionTopic,
	fractionAddLikeTopic,
	fractionAddUnlikeTopic,
	decimalCompareTopic,
	decimalAddSubTopic,
	percentOfTopic,
	oneStepEquationTopic,
	twoStepEquationTopic,
	multiStepEquationTopic,
];

const BY_ID = new Map(MATH_TOPICS.map((t) => [t.id, t]));

export const topicById = (id: string): MathTopic | undefined => BY_ID.get(id);
