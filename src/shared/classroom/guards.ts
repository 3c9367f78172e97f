import { t } from "@rbxts/t";

/** Guards for what clients send; Flamework checks types, these check sizes and ranges too. */
export const boundedString =
	(min: number, max: number) =>
	(v: unknown): v is string =>
		typeIs(v, "string") && v.size() >= min && v.size() <= max;

export const isQuestionId = boundedString(1, 64);
export const isJoinCode = boundedString(1, 12);
/** A position in a player's option list (questions have at most 6 options). */
export const isSlot = t.intersection(t.integer, t.numberConstrained(0, 5));
