import type { MathTopic } from "./item.js";
import { addSub1000Topic, addSub100Topic, addSub20Topic } from "./topics/addSub.js";
import { compareWholeTopic, countingTopic } from "./topics/counting.js";
import { decimalAddSubTopic, decimalCompareTopic, decimalMulDivTopic } from "./topics/decimals.js";
import { multiStepEquationTopic, oneStepEquationTopic, twoStepEquationTopic } from "./topics/equations.js";
import { evaluateExpressionTopic, orderOfOperationsTopic } from "./topics/expressions.js";
import { fractionAddLikeTopic, fractionAddUnlikeTopic } from "./topics/fractionAddSub.js";
import { fractionCompareTopic, fractionEquivalenceTopic } from "./topics/fractionConcepts.js";
import { fractionDivideTopic, fractionMultiplyTopic } from "./topics/fractionMulDiv.js";
import { anglesTopic, areaPerimeterTopic, triangleAreaTopic, volumeTopic } from "./topics/geometry.js";
import { inequalitiesTopic } from "./topics/inequalities.js";
import { integerNumberLineTopic, integerOperationsTopic } from "./topics/integers.js";
import { linearFunctionsTopic, slopeTopic, systemsTopic } from "./topics/linear.js";
import { mixedNumbersTopic } from "./topics/mixedNumbers.js";
import { divisionFactsTopic, multiDigitDivisionTopic, multiDigitMultiplicationTopic, multiplicationFactsTopic } from "./topics/multDiv.js";
import { discountTopic, percentChangeTopic, percentOfTopic } from "./topics/percent.js";
import { decimalPlaceValueTopic, placeValueTopic } from "./topics/placeValue.js";
import { exponentsTopic, squareRootsTopic } from "./topics/powers.js";
import { probabilityTopic } from "./topics/probability.js";
import { pythagoreanTopic } from "./topics/pythagorean.js";
import { quadraticsTopic } from "./topics/quadratics.js";
import { ratioTopic, unitRateTopic } from "./topics/ratios.js";
import { roundDecimalTopic, roundWholeTopic } from "./topics/rounding.js";
import { statisticsTopic } from "./topics/statistics.js";

/** Every procedural maths generator, roughly in the order the grades meet them. */
export const MATH_TOPICS: readonly MathTopic[] = [
	countingTopic,
	compareWholeTopic,
	addSub20Topic,
	placeValueTopic,
	addSub100Topic,
	addSub1000Topic,
	multiplicationFactsTopic,
	divisionFactsTopic,
	roundWholeTopic,
	fractionEquivalenceTopic,
	fractionCompareTopic,
	areaPerimeterTopic,
	multiDigitMultiplicationTopic,
	multiDigitDivisionTopic,
	fractionAddLikeTopic,
	mixedNumbersTopic,
	fractionMultiplyTopic,
	decimalPlaceValueTopic,
	decimalCompareTopic,
	anglesTopic,
	fractionAddUnlikeTopic,
	fractionDivideTopic,
	decimalAddSubTopic,
	decimalMulDivTopic,
	roundDecimalTopic,
	orderOfOperationsTopic,
	volumeTopic,
	ratioTopic,
	unitRateTopic,
	percentOfTopic,
	discountTopic,
	integerNumberLineTopic,
	evaluateExpressionTopic,
	oneStepEquationTopic,
	inequalitiesTopic,
	exponentsTopic,
	triangleAreaTopic,
	statisticsTopic,
	integerOperationsTopic,
	twoStepEquationTopic,
	percentChangeTopic,
	probabilityTopic,
	multiStepEquationTopic,
	squareRootsTopic,
	pythagoreanTopic,
	slopeTopic,
	linearFunctionsTopic,
	systemsTopic,
	quadraticsTopic,
];

const BY_ID = new Map(MATH_TOPICS.map((t) => [t.id, t]));

export const topicById = (id: string): MathTopic | undefined => BY_ID.get(id);
