import { and, eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.js";
import { audit } from "../../../http/audit.js";
import { AppError, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { newId } from "../ids.js";
import { conversationChannel } from "../realtime/channels.js";
import type { RealtimeEvents } from "../realtime/events.js";
import { robloxConversations, type ConversationTurn } from "../tables.js";
import { extractFacts, isConfirmation, normalizeElement, normalizeEnvironment, normalizeSubject } from "./extract.js";
import { reviewFacts, subjectQuestion, type OfferOptions, type Review } from "./offer.js";
import { QUESTIONS, REQUIRED, STAGES, missingFacts, stageNumber, type Fact, type Facts, type Stage } from "./stages.js";

const MAX_HISTORY = 200;

export interface StartBody {
	user_id?: string;
	initial_message?: string;
	context?: {
		grade_level?: number;
		subject?: string;
		learning_objectives?: string[];
		environment_type?: string;
		interactive_elements?: string[];
		difficulty?: "easy" | "medium" | "hard";
		theme?: string;
	};
}

type Row = typeof robloxConversations.$inferSelect;

/**
 * The lesson-design conversation. State (stage, facts, history) lives in the database and every
 * turn is one transaction holding the session row lock, so two inputs to one session never
 * interleave and a restart resumes exactly where the teacher left off. Stage changes are
 * announced on the session's conversation channel after commit, in order.
 */
export class ConversationService {
	constructor(
		private readonly db: Db,
		private readonly events: RealtimeEvents,
		private readonly clock: () => number,
		readonly offer: OfferOptions = { llm: false },
	) {}

	async start(request: FastifyRequest, user: Principal, body: StartBody) {
		const id = newId("session");
		const facts: Facts = { ...fromContext(body.context) };
		if (body.initial_message) Object.assign(facts, extractFacts(body.initial_message, "greeting"));
		const review = reviewFacts(facts, facts, this.offer);
		const message = welcome(facts, review);
		const now = new Date(this.clock());
		const history: ConversationTurn[] = [];
		if (body.initial_message) history.push({ role: "user", text: body.initial_message, at: now.toISOString() });
		history.push({ role: "assistant", text: message, at: now.toISOString() });
		await this.db.transaction(async (tx) => {
			await tx.insert(robloxConversations).values({ id, userId: user.id, stage: "greeting", facts: facts as Record<string, unknown>, history, createdAt: now, updatedAt: now });
			await audit(tx, request, { action: "roblox.conversation.start", targetType: "conversation", targetId: id });
		});
		return {
			session_id: id,
			current_stage: "greeting" as Stage,
			stage_number: 1,
			total_stages: STAGES.length,
			message,
			pusher_channel: conversationChannel(id),
			created_at: now.toISOString(),
		};
	}

	async input(user: Principal, sessionId: string, text: string) {
		const result = await this.db.transaction(async (tx) => {
			const [row] = await tx.select().from(robloxConversations).where(and(eq(robloxConversations.id, sessionId), eq(robloxConversations.userId, user.id))).for("update");
			if (!row) throw notFound("Conversation session");
			const before = row.stage as Stage;
			const facts: Facts = { ...(row.facts as Facts) };
			const found = extractFacts(text, before);
			const changedFacts = Object.keys(found).length > 0;
			Object.assign(facts, found);
			const review = reviewFacts(facts, found, this.offer);
			if (before === "greeting") facts.acknowledged = true;
			if (before === "validation") facts.confirmed = !changedFacts && isConfirmation(text);
			const { stage, passed } = advance(before, facts);
			const message = reply(stage, facts, found, passed.length > 0, review, this.offer);
			const now = new Date(this.clock()).toISOString();
			const history = [...(row.history ?? []), { role: "user" as const, text, at: now }, { role: "assistant" as const, text: message, at: now }].slice(-MAX_HISTORY);
			await tx.update(robloxConversations).set({ stage, facts: facts as Record<string, unknown>, history, updatedAt: new Date(this.clock()) }).where(eq(robloxConversations.id, row.id));
			return { before, stage, passed, facts, message };
		});
		await this.announce(sessionId, result.before, result.passed);
		return {
			...this.present(sessionId, result.stage, result.facts),
			previous_stage: result.before,
			stage_changed: result.stage !== result.before,
			message: result.message,
		};
	}

	async get(user: Principal, sessionId: string) {
		const row = await this.owned(user, sessionId);
		return { ...this.present(row.id, row.stage as Stage, row.facts as Facts), history: row.history, created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() };
	}

	async owned(user: Principal, sessionId: string): Promise<Row> {
		const [row] = await this.db.select().from(robloxConversations).where(and(eq(robloxConversations.id, sessionId), eq(robloxConversations.userId, user.id)));
		if (!row) throw notFound("Conversation session");
		return row;
	}

	/** Announces stage moves one by one, e.g. greeting -> discovery -> requirements. */
	async announce(sessionId: string, from: Stage, passed: Stage[]): Promise<void> {
		let previous = from;
		for (const stage of passed) {
			const number = stageNumber(stage);
			await this.events.emit(conversationChannel(sessionId), "stage-changed", {
				session_id: sessionId,
				stage,
				previous_stage: previous,
				stage_number: number,
				total_stages: STAGES.length,
				progress: Math.round((number / STAGES.length) * 100),
			});
			previous = stage;
		}
	}

	present(sessionId: string, stage: Stage, facts: Facts) {
		return {
			session_id: sessionId,
			current_stage: stage,
			stage_number: stageNumber(stage),
			total_stages: STAGES.length,
			collected: collected(facts),
			missing: missingFacts(facts, REQUIRED[stage]).filter((f) => f !== "acknowledged"),
			pusher_channel: conversationChannel(sessionId),
		};
	}
}

/** Moves forward through every stage whose facts are all known; stops at the first that is not. */
export function advance(stage: Stage, facts: Facts): { stage: Stage; passed: Stage[] } {
	const passed: Stage[] = [];
	let current = stage;
	while (current !== "generation" && missingFacts(facts, REQUIRED[current]).length === 0) {
		current = STAGES[STAGES.indexOf(current) + 1];
		passed.push(current);
	}
	return { stage: current, passed };
}

export function fromContext(context: StartBody["context"]): Facts {
	if (!context) return {};
	const facts: Facts = {};
	if (context.subject) facts.subject = normalizeSubject(context.subject);
	if (context.grade_level !== undefined) facts.grade_level = context.grade_level;
	if (context.learning_objectives?.length) facts.learning_objectives = context.learning_objectives;
	if (context.environment_type) facts.environment_type = normalizeEnvironment(context.environment_type);
	if (context.interactive_elements?.length) facts.interactive_elements = [...new Set(context.interactive_elements.map(normalizeElement))];
	if (context.difficulty) facts.difficulty = context.difficulty;
	if (context.theme) facts.theme = context.theme.toLowerCase();
	return facts;
}

function collected(facts: Facts): Record<string, unknown> {
	const { acknowledged: _a, confirmed: _c, ...rest } = facts;
	return rest;
}

function welcome(facts: Facts, review: Review): string {
	const known = summary(facts);
	const notes = review.notes.length ? ` ${review.notes.join(" ")}` : "";
	return `Welcome to the ToolboxAI Educational Content Generator! I'll help you design a Roblox lesson in 8 short steps.${known ? ` So far I have: ${known}.` : ""}${notes} ${QUESTIONS.acknowledged}`;
}

function reply(stage: Stage, facts: Facts, found: Partial<Facts>, moved: boolean, review: Review, offer: OfferOptions): string {
	const kept = Object.fromEntries(Object.entries(found).filter(([fact]) => !review.refused.includes(fact as Fact))) as Partial<Facts>;
	const heard = summary(kept);
	const notes = review.notes.length ? `${review.notes.join(" ")} ` : "";
	const prefix = `${heard ? `Got it: ${heard}. ` : moved || notes ? "" : "I didn't catch anything new there. "}${notes}`;
	if (stage === "generation") return `${prefix}Everything is ready. Call generate to build the lesson and its Rojo project.`;
	if (stage === "validation") return `${prefix}Here is the plan: ${summary(facts)}. ${QUESTIONS.confirmed}`;
	// A refused fact's note already asks for it again.
	const missing = missingFacts(facts, REQUIRED[stage]).filter((f) => !review.refused.includes(f));
	return `${prefix}${missing.map((f) => (f === "subject" ? subjectQuestion(offer, facts.grade_level) : QUESTIONS[f as keyof typeof QUESTIONS])).join(" ")}`.trim();
}

function summary(facts: Partial<Facts>): string {
	const parts: string[] = [];
	if (facts.subject) parts.push(`subject ${facts.subject}`);
	if (facts.grade_level) parts.push(`grade ${facts.grade_level}`);
	if (facts.learning_objectives?.length) parts.push(`objectives "${facts.learning_objectives.join("\", \"")}"`);
	if (facts.theme) parts.push(facts.theme === "none" ? "no theme" : `theme ${facts.theme}`);
	if (facts.environment_type) parts.push(`environment ${facts.environment_type}`);
	if (facts.interactive_elements?.length) parts.push(`elements ${facts.interactive_elements.join(", ")}`);
	if (facts.difficulty) parts.push(`difficulty ${facts.difficulty}`);
	if (facts.question_count) parts.push(`${facts.question_count} questions`);
	return parts.join(", ");
}

export const conversationNotReady = (missing: string[], stage: Stage) =>
	new AppError(400, "VALIDATION_ERROR", `Not enough is known to generate yet: missing ${missing.join(", ")}`, { field: "requirements", missing, current_stage: stage });
