import { source, Source } from "@rbxts/vide";

export type AuthView =
	| { state: "signedOut" }
	| { state: "starting" }
	| { state: "waiting"; userCode: string; verificationUri: string; expiresAt: number }
	| { state: "signedIn" };

export interface ChatLine {
	role: "teacher" | "assistant";
	text: string;
}

export interface GenerationView {
	state: "none" | "running" | "done" | "failed";
	generationId?: string;
	projectId?: string;
	contentId?: string;
	progress: number;
	via?: "stream" | "polling";
	message?: string;
}

/** Everything the widget shows, as Vide sources: the controller writes, the components read. */
export interface Store {
	banner: Source<string | undefined>;
	serverUrl: Source<string>;
	auth: Source<AuthView>;
	sessionId: Source<string | undefined>;
	stage: Source<{ name: string; number: number; total: number }>;
	facts: Source<Map<string, string>>;
	missing: Source<string[]>;
	chat: Source<ChatLine[]>;
	generation: Source<GenerationView>;
	result: Source<string | undefined>;
	rojo: Source<{ steps: string[]; status: string } | undefined>;
}

export function createStore(serverUrl: string): Store {
	return {
		banner: source<string | undefined>(undefined),
		serverUrl: source(serverUrl),
		auth: source<AuthView>({ state: "signedOut" }),
		sessionId: source<string | undefined>(undefined),
		stage: source({ name: "greeting", number: 1, total: 8 }),
		facts: source(new Map<string, string>()),
		missing: source<string[]>([]),
		chat: source<ChatLine[]>([]),
		generation: source<GenerationView>({ state: "none", progress: 0 }),
		result: source<string | undefined>(undefined),
		rojo: source<{ steps: string[]; status: string } | undefined>(undefined),
	};
}
