import type { LlmLimits, LlmProvider } from "../types.js";

/**
 * An OpenAI-compatible chat-completions client (`POST {baseUrl}/chat/completions`). Works with
 * any server speaking that protocol; the base URL comes from LLM_BASE_URL so tests point it at a
 * loopback stand-in. Failures (HTTP errors, timeouts, malformed replies) throw LlmError; the
 * generator then falls back to its own sources.
 */
export class LlmError extends Error {
	constructor(message: string, readonly status?: number) {
		super(message);
		this.name = "LlmError";
	}
}

export interface OpenAiProviderOptions {
	baseUrl: string;
	apiKey?: string;
	model: string;
	timeoutMs?: number;
	/** The per-lesson cost cap; see llm/README.md. */
	limits?: LlmLimits;
}

export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
	const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
	return {
		name: `openai-compatible:${options.model}`,
		limits: options.limits,
		async complete(messages, { temperature = 0.4, onUsage } = {}) {
			let response: Response;
			try {
				response = await fetch(url, {
					method: "POST",
					headers: {
						"content-type": "application/json",
						...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
					},
					body: JSON.stringify({ model: options.model, messages, temperature, response_format: { type: "json_object" } }),
					signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
				});
			} catch (error) {
				throw new LlmError(`LLM request failed: ${(error as Error).message}`);
			}
			if (!response.ok) throw new LlmError(`LLM answered HTTP ${response.status}`, response.status);
			const body = (await response.json().catch(() => undefined)) as { choices?: { message?: { content?: unknown } }[]; usage?: { total_tokens?: unknown } } | undefined;
			const tokens = body?.usage?.total_tokens;
			if (typeof tokens === "number" && Number.isFinite(tokens) && tokens >= 0) onUsage?.(tokens);
			const content = body?.choices?.[0]?.message?.content;
			if (typeof content !== "string") throw new LlmError("LLM reply has no message content");
			return content;
		},
	};
}

/** The configured provider, or undefined when LLM_BASE_URL is unset (the default: off). */
export function llmFromConfig(config: {
	LLM_BASE_URL?: string;
	LLM_API_KEY?: string;
	LLM_MODEL: string;
	LLM_MAX_CALLS_PER_LESSON?: number;
	LLM_MAX_TOKENS_PER_LESSON?: number;
}): LlmProvider | undefined {
	if (!config.LLM_BASE_URL) return undefined;
	return createOpenAiProvider({
		baseUrl: config.LLM_BASE_URL,
		apiKey: config.LLM_API_KEY,
		model: config.LLM_MODEL,
		limits: { maxCalls: config.LLM_MAX_CALLS_PER_LESSON ?? DEFAULT_LIMITS.maxCalls, maxTokens: config.LLM_MAX_TOKENS_PER_LESSON ?? DEFAULT_LIMITS.maxTokens },
	});
}

/** Enough for one generation call, one blind check and a retry of each, for a 10-question lesson. */
export const DEFAULT_LIMITS: LlmLimits = { maxCalls: 6, maxTokens: 30_000 };
