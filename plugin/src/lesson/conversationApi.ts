import { t } from "@rbxts/t";
import { Account } from "auth/Account";
import { Result } from "net/HttpClient";

const BASE = "/api/v1/roblox/conversation";

export interface Turn {
	sessionId: string;
	stage: string;
	stageNumber: number;
	totalStages: number;
	message: string;
	collected: Record<string, unknown>;
	missing: string[];
}

export interface Generation {
	generationId: string;
	projectId: string;
}

export interface GenerationStatus {
	status: "in_progress" | "completed" | "failed";
	progress: number;
	contentId?: string;
	error?: string;
}

const isStart = t.interface({ session_id: t.string, current_stage: t.string, stage_number: t.number, total_stages: t.number, message: t.string });
const isInput = t.interface({
	session_id: t.string,
	current_stage: t.string,
	stage_number: t.number,
	total_stages: t.number,
	message: t.string,
	collected: t.map(t.string, t.any),
	missing: t.array(t.string),
});
const isGenerate = t.interface({ generation_id: t.string, project_id: t.string });
const isStatus = t.interface({
	status: t.literal("in_progress", "completed", "failed"),
	progress: t.number,
	content_id: t.optional(t.string),
	error: t.optional(t.string),
});

const misread = <T>(what: string): Result<T> => ({ ok: false, problem: { kind: "invalid", message: `The server's ${what} was not understood.` } });

/** The 8-stage lesson conversation and its generation (/api/v1/roblox/conversation/*). */
export class ConversationApi {
	public constructor(private readonly account: Account) {}

	public start(): Result<Turn> {
		// HttpService encodes an empty table as [], so the body names a field.
		const reply = this.account.request({ method: "POST", path: `${BASE}/start`, body: { initial_message: "" } });
		if (!reply.ok) return reply;
		const b = reply.value.body;
		if (!isStart(b)) return misread("conversation");
		return { ok: true, value: { sessionId: b.session_id, stage: b.current_stage, stageNumber: b.stage_number, totalStages: b.total_stages, message: b.message, collected: {}, missing: [] } };
	}

	public say(sessionId: string, text: string): Result<Turn> {
		const reply = this.account.request({ method: "POST", path: `${BASE}/input`, body: { session_id: sessionId, user_input: text } });
		if (!reply.ok) return reply;
		const b = reply.value.body;
		if (!isInput(b)) return misread("reply");
		return {
			ok: true,
			value: { sessionId: b.session_id, stage: b.current_stage, stageNumber: b.stage_number, totalStages: b.total_stages, message: b.message, collected: b.collected as unknown as Record<string, unknown>, missing: b.missing },
		};
	}

	public generate(sessionId: string): Result<Generation> {
		const reply = this.account.request({ method: "POST", path: `${BASE}/generate`, body: { session_id: sessionId } });
		if (!reply.ok) return reply;
		const b = reply.value.body;
		if (!isGenerate(b)) return misread("generation");
		return { ok: true, value: { generationId: b.generation_id, projectId: b.project_id } };
	}

	public status(generationId: string): Result<GenerationStatus> {
		const reply = this.account.request({ method: "GET", path: `${BASE}/generations/${generationId}` });
		if (!reply.ok) return reply;
		const b = reply.value.body;
		if (!isStatus(b)) return misread("generation status");
		return { ok: true, value: { status: b.status, progress: b.progress, contentId: b.content_id, error: b.error } };
	}
}
