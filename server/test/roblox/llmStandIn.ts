import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for an OpenAI-compatible chat-completions server. Like the real one it
 * answers only POST {base}/chat/completions, with 401 for a wrong bearer key and 400 for a body
 * that is not a chat request (model string, messages of system/user/assistant with string
 * content, known fields only). Each accepted request is recorded and answered by the next
 * scripted reply for its task ("write" or "answer", read from the first user message), or 500
 * when the script is empty. Replies carry `usage.total_tokens` (scripted, default 100).
 */
export interface ChatRequest {
	model: string;
	messages: { role: string; content: string }[];
	task: { task: "write" | "answer"; [key: string]: unknown };
}

export type Scripted = { status: number } | { content: string; tokens?: number } | ((request: ChatRequest) => { content: string; tokens?: number });

export interface LlmStandIn {
	baseUrl: string;
	apiKey: string;
	requests: ChatRequest[];
	script: { write: Scripted[]; answer: Scripted[] };
	/** Requests refused before scripting (bad key, bad shape): [status, reason]. */
	refused: [number, string][];
	close(): Promise<void>;
}

const ROLES = new Set(["system", "user", "assistant"]);
const FIELDS = new Set(["model", "messages", "temperature", "response_format", "max_tokens"]);

export async function startLlmStandIn(apiKey = "sk-standin-key"): Promise<LlmStandIn> {
	const state: LlmStandIn = { baseUrl: "", apiKey, requests: [], script: { write: [], answer: [] }, refused: [], close: async () => {} };
	const server: Server = createServer(async (req, res) => {
		let raw = "";
		for await (const chunk of req) raw += chunk;
		const reply = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
		const refuse = (status: number, reason: string) => {
			state.refused.push([status, reason]);
			reply(status, { error: { message: reason, type: "invalid_request_error" } });
		};
		if (req.method !== "POST" || req.url !== "/v1/chat/completions") return refuse(404, `no route ${req.method} ${req.url}`);
		if (req.headers.authorization !== `Bearer ${apiKey}`) return refuse(401, "Incorrect API key provided");
		if (!String(req.headers["content-type"]).startsWith("application/json")) return refuse(400, "content-type must be application/json");
		let body: { model?: unknown; messages?: unknown; temperature?: unknown; response_format?: unknown };
		try {
			body = JSON.parse(raw);
		} catch {
			return refuse(400, "body is not JSON");
		}
		const unknown = Object.keys(body).filter((k) => !FIELDS.has(k));
		if (unknown.length) return refuse(400, `unknown fields ${unknown.join(", ")}`);
		if (typeof body.model !== "string" || !body.model) return refuse(400, "model is required");
		const messages = body.messages as { role?: unknown; content?: unknown }[];
		if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m) => ROLES.has(m?.role as string) && typeof m.content === "string")) return refuse(400, "messages are malformed");
		if (body.temperature !== undefined && (typeof body.temperature !== "number" || body.temperature < 0 || body.temperature > 2)) return refuse(400, "temperature out of range");
		const firstUser = messages.find((m) => m.role === "user")?.content as string;
		let task: ChatRequest["task"];
		try {
			task = JSON.parse(firstUser);
		} catch {
			return refuse(400, "the stand-in understands JSON tasks only");
		}
		const request: ChatRequest = { model: body.model, messages: messages as ChatRequest["messages"], task };
		state.requests.push(request);
		const next = (task.task === "answer" ? state.script.answer : state.script.write).shift();
		if (!next) return reply(500, { error: { message: "nothing scripted" } });
		const out = typeof next === "function" ? next(request) : next;
		if ("status" in out) return reply(out.status, { error: { message: "scripted failure" } });
		reply(200, {
			id: `chatcmpl-${state.requests.length}`,
			object: "chat.completion",
			model: body.model,
			choices: [{ index: 0, message: { role: "assistant", content: out.content }, finish_reason: "stop" }],
			usage: { total_tokens: out.tokens ?? 100 },
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	state.close = () => new Promise((resolve) => server.close(() => resolve()));
	return state;
}

/** A well-formed question for the stand-in to return. */
export function question(text: string, options: string[], correct: number, grades: [number, number] = [6, 9]) {
	return { text, options, correct, explanation: `The answer is ${options[correct]}.`, hints: [`Think about ${text.split(" ").slice(-2).join(" ")}`], grades, difficulty: "medium" };
}

/** The blind answers a careful model would give: the key of each question it is shown, except `wrong` ones. */
export function answersFor(keys: Map<string, number>, options: { wrong?: string[]; offTopic?: string[] } = {}) {
	return (request: ChatRequest) => {
		const questions = request.task.questions as { id: string; text: string; options: string[] }[];
		const answers = questions.map((q) => {
			const key = keys.get(q.text) ?? 0;
			const answer = options.wrong?.includes(q.text) ? (key + 1) % q.options.length : key;
			return { id: q.id, answer, onTopic: !options.offTopic?.includes(q.text), safe: true };
		});
		return { content: JSON.stringify({ answers }) };
	};
}
