import type { LlmLimits, LlmMessage, LlmProvider } from "../types.js";
import { LlmError } from "./openAiProvider.js";

/**
 * The cost cap of one lesson. Every call goes through `complete` here: a call is refused before
 * it is made when the lesson has used its calls, or when its prompt alone would pass the token
 * cap. Tokens are what the upstream reports (`usage.total_tokens`), or an estimate of 4
 * characters a token for prompt and reply when it reports nothing, so a silent upstream cannot
 * spend without limit.
 */
export class LlmBudgetExceeded extends LlmError {
	constructor(readonly limits: LlmLimits, readonly spent: { calls: number; tokens: number }) {
		super(`LLM cost cap reached for this lesson (${spent.calls}/${limits.maxCalls} calls, ${spent.tokens}/${limits.maxTokens} tokens)`);
		this.name = "LlmBudgetExceeded";
	}
}

export class LlmBudget {
	calls = 0;
	tokens = 0;

	constructor(
		private readonly llm: LlmProvider,
		readonly limits: LlmLimits,
	) {}

	async complete(messages: LlmMessage[], options: { temperature?: number } = {}): Promise<string> {
		const prompt = estimateTokens(messages.map((m) => m.content).join(""));
		if (this.calls >= this.limits.maxCalls || this.tokens + prompt > this.limits.maxTokens) throw new LlmBudgetExceeded(this.limits, { calls: this.calls, tokens: this.tokens });
		this.calls += 1;
		let reported: number | undefined;
		try {
			const reply = await this.llm.complete(messages, { ...options, onUsage: (n) => (reported = n) });
			this.tokens += reported ?? prompt + estimateTokens(reply);
			return reply;
		} catch (error) {
			this.tokens += reported ?? prompt;
			throw error;
		}
	}
}

const estimateTokens = (text: string): number => Math.ceil(text.length / 4);
