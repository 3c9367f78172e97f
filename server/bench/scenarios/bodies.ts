import type { BodyGeneratorName } from "../types.js";

/**
 * Request bodies that must differ per request (each write really written), made in the load
 * process (load.ts) from the plain arguments a scenario prepared.
 */
export const BODY_GENERATORS: Record<BodyGeneratorName, (args: Record<string, unknown>) => () => string> = {
	/** Batched progress reports as a game server sends them, new timestamps every request. */
	progressBatch(args) {
		const { sessionId, batch } = args as { sessionId: string; batch: number };
		// From now on, a millisecond apart: reports must fall inside the session's lifetime.
		const start = Date.now();
		let n = 0;
		return () =>
			JSON.stringify(
				Array.from({ length: batch }, (_, i) => ({
					playerId: `player_${i}`,
					sessionId,
					lessonId: "bench_lesson",
					progress: (n + i) % 101,
					score: n,
					timestamp: new Date(start + ++n).toISOString(),
				})),
			);
	},
	/** Every (player, question) pair once, then the idempotent retry path. */
	quizAnswer(args) {
		const { sessionId, questionIds, players } = args as { sessionId: string; questionIds: string[]; players: number };
		let n = 0;
		return () => {
			const i = n++;
			return JSON.stringify({ playerId: `player_${i % players}`, sessionId, questionId: questionIds[Math.floor(i / players) % questionIds.length], answer: i % 4 });
		};
	},
	/** The same walk over (player, question) pairs for the answer anchor. */
	anchorAnswer(args) {
		const { questions, players } = args as { questions: number; players: number };
		let n = 0;
		return () => {
			const i = n++;
			return JSON.stringify({ playerId: `player_${i % players}`, questionId: `q${Math.floor(i / players) % questions}`, answer: i % 4 });
		};
	},
	/** The lesson request with a new seed each time, so nothing is served from a cache. */
	lesson(args) {
		let seed = 0;
		return () => JSON.stringify({ ...(args.lesson as object), seed: ++seed });
	},
	/** A heartbeat of the next live session in turn. */
	heartbeat(args) {
		const bodies = (args.sessionIds as string[]).map((id) => JSON.stringify({ session_id: id }));
		let next = 0;
		return () => bodies[next++ % bodies.length];
	},
};
