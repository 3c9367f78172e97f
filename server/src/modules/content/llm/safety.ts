/**
 * Topics a school lesson must not be generated about, checked on the teacher's request before
 * any call and on every question the model returns. Deliberately narrow: history may cover wars
 * and biology may cover reproduction, so words that only make sense as explicit, self-harm,
 * drug-use or weapon-making content are listed, not whole subjects.
 */
const UNSAFE: [string, RegExp][] = [
	["sexual content", /\b(porn\w*|nude|nudity|erotic\w*|sexy|sex (?:act|position|tips)|onlyfans)\b/i],
	["self-harm", /\b(suicide method|how to (?:kill|hurt) (?:yourself|myself)|self[- ]harm(?:ing)? (?:tips|methods)|cutting yourself)\b/i],
	["drug use", /\b(how to (?:make|cook|buy|smoke|inject) (?:meth|cocaine|heroin|crack|weed|drugs)|getting high)\b/i],
	["weapons", /\b(how to (?:make|build) (?:a )?(?:bomb|explosive|gun|weapon)s?|bomb[- ]making|pipe bomb)\b/i],
	["hate", /\b(racial slurs?|white power|ethnic cleansing is good|why .{1,30} are inferior)\b/i],
	["graphic violence", /\b(gore|torture (?:methods|techniques)|dismember\w*)\b/i],
];

/** The reason a text is unsafe for a classroom, or undefined. */
export function unsafeReason(text: string): string | undefined {
	return UNSAFE.find(([, re]) => re.test(text))?.[0];
}
