/**
 * The maths curriculum: which procedural topics exist, which grades they serve, and which of
 * them a teacher's objectives ask for.
 *
 *   listTopics(grade?)                                 every topic, or those serving a grade
 *   matchObjectives({ grade, objectives, subject? })   objectives -> topics, with an explanation,
 *                                                      the objectives nothing matched and the
 *                                                      closest topics for the grade
 *   generateQuestion(topicId, { grade, difficulty, seed? })   one question from one topic
 *   topicRange(topicId, grade, difficulty)             the numbers that topic may show
 */
export { listTopics, toTopic, type Topic } from "./topics.js";
export { matchObjectives, type ObjectiveMatch, type MatchInput } from "./match.js";
export { generateQuestion, topicRange } from "./generate.js";
