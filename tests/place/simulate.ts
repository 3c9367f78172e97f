/**
 * `npm run simulate -- --students 30 --minutes 10`
 *
 * Runs the real compiled place headlessly (tests/harness) with a teacher and simulated students
 * (always right, always wrong, slow, leaving, rejoining, and mixed) through a generated lesson,
 * against the backend: an embedded one (server/src on in-memory PGlite, on a loopback port,
 * its clock following the place's virtual clock) unless `--backend <url> --key <place key>
 * --content <contentId> --place-id <id>` name a running one. Prints the results, HttpService
 * calls per minute, DataStore requests against the budget, and throttles; exits 1 when the
 * place breaks a limit (more than 60 calls/min, over 25% of the DataStore budget, any throttle,
 * a backend disagreement left standing, an answer key in a payload).
 */
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { Place, publish, SimPlayer, Universe } from "../harness";
import type { LessonContent } from "../../server/src/modules/content/types";
import { lastOf, lastQuestion, serviceEval, slotFor, startClassroom, type QuestionPayload } from "./helpers/classroomPlace";
import { findAnswerKeyLeaks } from "./helpers/leaks";
import { Rng, minuteWindowPeak } from "./helpers/simulation";

const { values: args } = parseArgs({
	options: {
		students: { type: "string", default: "30" },
		minutes: { type: "string", default: "10" },
		seed: { type: "string", default: "1" },
		backend: { type: "string" },
		key: { type: "string" },
		content: { type: "string" },
		"place-id": { type: "string", default: "1001" },
	},
});

const STUDENTS = Number(args.students);
const MINUTES = Number(args.minutes);
const QUESTION_TIME = 30;
const ROUND = 60;
const LOBBY = 45;
const STEP = 0.25;
const EPOCH = 1_767_225_600;
const KINDS = ["right", "wrong", "slow", "mixed", "leaving", "rejoining"] as const;
type Kind = (typeof KINDS)[number];

interface Student {
	kind: Kind;
	player?: SimPlayer;
	userId: number;
	name: string;
	leaveAt?: number;
	rejoinAt?: number;
}

const startedAt = Date.now();

async function main(): Promise<void> {
	const rng = new Rng(Number(args.seed));
	const questions = Math.max(1, Math.floor((MINUTES * 60 - LOBBY - 15) / ROUND));
	const clock = { ms: EPOCH * 1000 };
	const backend = args.backend ? await externalBackend() : await embeddedBackend(questions, clock);
	const universe = new Universe();
	universe.setSecret("classroom_place_key", backend.key);
	const place = await startClassroom({
		universe,
		lessons: { [backend.contentId]: backend.lesson },
		// A live server cannot reach localhost: the place talks to the backend under a public name.
		config: { backendUrl: publish(backend.url), backendPlaceId: backend.placeId, teacherUserIds: [1], questionTime: QUESTION_TIME, maxPlayers: Math.max(30, STUDENTS) },
	});
	const sync = async () => {
		clock.ms = Math.round((EPOCH + (await place.now())) * 1000);
	};

	const students: Student[] = Array.from({ length: STUDENTS }, (_, i) => {
		const kind = KINDS[i % KINDS.length];
		const s: Student = { kind, userId: i + 2, name: `Student${i + 2}` };
		if (kind === "leaving") s.leaveAt = LOBBY + ROUND * rng.int(1, Math.max(1, questions - 1)) + 40;
		if (kind === "rejoining") {
			s.leaveAt = LOBBY + ROUND * Math.min(1, questions - 1) + 40;
			s.rejoinAt = s.leaveAt + ROUND * 2;
		}
		return s;
	});

	const total = MINUTES * 60;
	const bar = new cliProgress.SingleBar(
		// Also report every 10 s when stdout is not a terminal (CI logs).
		{ format: "simulating |{bar}| {value}/{total} virtual s | {phase} | http {http}/min | ds {ds}/min", noTTYOutput: true, notTTYSchedule: 10_000 },
		cliProgress.Presets.shades_classic,
	);
	bar.start(total, 0, { phase: "lobby", http: 0, ds: 0 });

	const httpSamples: Array<[number, number]> = [];
	const dsSamples: Array<[number, number]> = [];
	let minDsBudget = Infinity;
	const teacher = await place.addPlayer("Teacher", { userId: 1 });
	await sync();
	await teacher.fire("teacherCommand", { kind: "launch", contentId: backend.contentId });
	let pendingAnswers: Array<{ at: number; student: Student; right: boolean }> = [];
	let questionIndex = -1;
	let ended = false;

	for (let now = 0; now < total; now += STEP) {
		// Students arrive during the first 20 s of the lobby.
		for (const s of students) {
			const arrive = (s.userId - 2) * (20 / STUDENTS);
			if (!s.player && arrive <= now && (s.leaveAt === undefined || now < s.leaveAt)) s.player = await place.addPlayer(s.name, { userId: s.userId });
			if (s.player && s.leaveAt !== undefined && now >= s.leaveAt && (s.rejoinAt === undefined || now < s.rejoinAt)) {
				await s.player.leave();
				s.player = undefined;
			}
			if (!s.player && s.rejoinAt !== undefined && now >= s.rejoinAt) s.player = await place.addPlayer(s.name, { userId: s.userId });
		}
		// The teacher opens a question every ROUND seconds after the lobby, and ends after the last.
		const round = Math.floor((now - LOBBY) / ROUND);
		if (now >= LOBBY && round > questionIndex && round < questions) {
			questionIndex = round;
			await sync();
			await teacher.fire("teacherCommand", { kind: "next" });
			pendingAnswers = [];
			for (const s of students) {
				if (!s.player) continue;
				const delay = s.kind === "slow" ? rng.range(18, 28) : rng.range(1.5, 12);
				const right = s.kind === "right" || s.kind === "slow" || s.kind === "rejoining" ? true : s.kind === "wrong" ? false : rng.next() < 0.7;
				pendingAnswers.push({ at: now + delay, student: s, right });
			}
		}
		if (!ended && now >= LOBBY + ROUND * questions) {
			ended = true;
			await sync();
			await teacher.fire("teacherCommand", { kind: "end" });
		}
		for (const answer of pendingAnswers.filter((a) => a.at <= now)) {
			pendingAnswers.splice(pendingAnswers.indexOf(answer), 1);
			const player = answer.student.player;
			const view = player && lastQuestion(player);
			if (!player || !view || view.index !== questionIndex) continue;
			await sync();
			await player.fire("submitAnswer", view.questionId, slotFor(backend.lesson, view, answer.right));
		}
		await place.advance(STEP);
		await sync();
		if (Math.round(now / STEP) % 4 === 0) {
			const t = await place.now();
			httpSamples.push([t, 500 - (await place.httpBudget())]);
			const stats = await serviceEval<{ requests: number }>(place, "server/classroom/ProgressService@ProgressService", "return service:stats()");
			dsSamples.push([t, stats.requests]);
			minDsBudget = Math.min(minDsBudget, await place.dataStoreBudget("SetIncrementAsync"));
			bar.update(Math.round(now), {
				phase: ended ? "ended" : questionIndex < 0 ? "lobby" : `question ${questionIndex + 1}/${questions}`,
				http: httpSamples[httpSamples.length - 1][1],
				ds: minuteWindowPeak(dsSamples.slice(-240)),
			});
		}
	}
	bar.update(total, { phase: "done" });
	bar.stop();
	// Let the last reports and saves land, then shut down (players leave, BindToClose saves).
	await place.advance(30);
	await sync();

	const report = await collect(place, students, backend, teacher);
	const backendStats = await serviceEval<{ sent: number; peakPerMinute: number; retries: number; rateLimited: number; failures: number }>(
		place,
		"server/classroom/BackendClient@BackendClient",
		"return service:snapshot()",
	);
	const dsStats = await serviceEval<{ requests: number; retries: number; budgetWaits: number; steals: number }>(
		place,
		"server/classroom/ProgressService@ProgressService",
		"return service:stats()",
	);
	const reconciled = await serviceEval<number>(place, "server/classroom/ScoringService@ScoringService", "return service.reconciled");
	const queued = place.output.filter((l) => l.text.includes("added to queue")).length;
	const players = STUDENTS + 1;
	const dsBudget = 60 + 10 * players;
	const dsPeak = minuteWindowPeak(dsSamples);
	const httpPeak = Math.max(...httpSamples.map(([, n]) => n));
	const leaks = [teacher, ...students.map((s) => place.players.get(s.userId)!)].flatMap((p) => findAnswerKeyLeaks(p.inbox, backend.lesson));
	await place.shutdown();
	await backend.close();

	const lines = [
		"",
		`Simulated ${STUDENTS} students and a teacher for ${MINUTES} virtual minutes: ${questions} questions (T = ${QUESTION_TIME} s), backend ${backend.url}${args.backend ? "" : " (embedded)"}`,
		"",
		"Results by student type (session score on the place | backend):",
		...KINDS.map((kind) => {
			const rows = report.filter((r) => r.kind === kind);
			if (rows.length === 0) return "";
			const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
			return `  ${kind.padEnd(10)} ${String(rows.length).padStart(3)} students  avg ${String(avg(rows.map((r) => r.place))).padStart(6)} | ${String(avg(rows.map((r) => r.backend ?? 0))).padStart(6)}  answered ${avg(rows.map((r) => r.answered))}/${questions}`;
		}).filter(Boolean),
		`  backend results agree with the place for ${report.filter((r) => r.backend === r.place).length}/${report.length} students; saved profiles match for ${report.filter((r) => r.saved === r.place).length}/${report.length}`,
		`  answers re-scored by the backend (its figure is authoritative; it times answers by answeredAt): ${reconciled}`,
		"",
		`HttpService: ${backendStats.sent} calls, peak ${httpPeak} calls in a rolling minute (limit 60; Roblox allows 500), retries ${backendStats.retries}, failures ${backendStats.failures}`,
		`DataStore: ${dsStats.requests} UpdateAsync requests, peak ${dsPeak}/min of a ${dsBudget}/min budget (${((100 * dsPeak) / dsBudget).toFixed(1)}%, limit 25%), lowest Set budget seen ${Math.floor(minDsBudget)}, retries ${dsStats.retries}`,
		`Throttled: DataStore queue ${queued}, budget waits ${dsStats.budgetWaits}, HTTP 429 ${backendStats.rateLimited}`,
		`Answer key in client payloads: ${leaks.length === 0 ? "none" : leaks.slice(0, 5).join(", ")}`,
		`(ran in ${Math.round((Date.now() - startedAt) / 1000)} s of real time)`,
	];
	console.log(lines.join("\n"));
	const failures = [
		httpPeak > 60 && "more than 60 HttpService calls in a minute",
		dsPeak > dsBudget * 0.25 && "more than 25% of the DataStore budget",
		queued + backendStats.rateLimited > 0 && "throttled requests",
		leaks.length > 0 && "answer key leaked",
		report.some((r) => r.backend !== r.place) && "place and backend disagree",
		report.some((r) => r.saved !== r.place) && "saved profiles differ",
	].filter(Boolean);
	if (failures.length) {
		console.log(`\nFAILED: ${failures.join("; ")}`);
		process.exitCode = 1;
	} else {
		console.log("\nOK: every limit held.");
	}
}

interface Backend {
	url: string;
	key: string;
	placeId: string;
	contentId: string;
	lesson: LessonContent;
	results(sessionId: string): Promise<Map<string, number>>;
	close(): Promise<void>;
}

async function embeddedBackend(questions: number, clock: { ms: number }): Promise<Backend> {
	const { startTestApp } = await import("../../server/test/helpers/testApp");
	const app = await startTestApp({}, { clock: () => clock.ms });
	await app.app.listen({ port: 0, host: "127.0.0.1" });
	const { port } = app.app.server.address() as AddressInfo;
	const school = await app.createSchool();
	const teacher = await app.createUser({ role: "teacher", schoolId: school.id });
	const placeId = String(args["place-id"]);
	const key = await app.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacher.token, payload: { universeId: "111", placeId } });
	const generated = await app.request({
		method: "POST",
		url: "/v2/roblox/generate-content",
		token: teacher.token,
		payload: { subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions with unlike denominators"], maxQuestions: questions, seed: Number(args.seed) },
	});
	if (key.statusCode !== 201 || generated.statusCode !== 200) throw new Error(`backend setup failed: ${key.body} ${generated.body}`);
	const { contentId, content } = generated.json() as { contentId: string; content: LessonContent };
	return {
		url: `http://127.0.0.1:${port}`,
		key: key.json().key,
		placeId,
		contentId,
		lesson: content,
		async results(sessionId) {
			const res = await app.request({ method: "GET", url: `/v2/roblox/quiz/${sessionId}/results`, token: teacher.token });
			const body = res.json() as { playerResults: Array<{ playerId: string; totalScore: number }> };
			return new Map(body.playerResults.map((r) => [r.playerId, r.totalScore]));
		},
		close: () => app.close(),
	};
}

async function externalBackend(): Promise<Backend> {
	if (!args.key || !args.content) throw new Error("--backend needs --key <place key> and --content <contentId>");
	const url = args.backend!.replace(/\/$/, "");
	const headers = { authorization: `Bearer ${args.key}` };
	const res = await fetch(`${url}/v2/roblox/content/${encodeURIComponent(args.content)}`, { headers });
	if (!res.ok) throw new Error(`GET content: ${res.status} ${await res.text()}`);
	const { contentId, content } = (await res.json()) as { contentId: string; content: LessonContent };
	return {
		url,
		key: args.key,
		placeId: String(args["place-id"]),
		contentId,
		lesson: content,
		async results(sessionId) {
			const r = await fetch(`${url}/v2/roblox/quiz/${sessionId}/results`, { headers });
			const body = (await r.json()) as { playerResults: Array<{ playerId: string; totalScore: number }> };
			return new Map(body.playerResults.map((p) => [p.playerId, p.totalScore]));
		},
		close: async () => {},
	};
}

async function collect(place: Place, students: Student[], backend: Backend, teacher: SimPlayer) {
	const sessionId = lastOf<{ sessionId: string }>(teacher, "teacher")?.sessionId ?? "";
	const backendScores = sessionId.startsWith("session_") ? await backend.results(sessionId) : new Map<string, number>();
	const tallies = await serviceEval<Record<string, { score: number; answered: number }>>(
		place,
		"server/classroom/ScoringService@ScoringService",
		`local out = {}
		for _, entry in service:ranking(${JSON.stringify(sessionId)}) do out[tostring(entry[1])] = { score = entry[2].score, answered = entry[2].answered } end
		return out`,
	);
	return students.map((s) => ({
		kind: s.kind,
		place: tallies[String(s.userId)]?.score ?? 0,
		answered: tallies[String(s.userId)]?.answered ?? 0,
		backend: backendScores.get(String(s.userId)),
		saved: savedScore(place, s.userId, backend.contentId),
	}));
}

function savedScore(place: Place, userId: number, contentId: string): number | undefined {
	const stored = place.universe.read("ClassroomProfiles_v1", `player_${userId}`) as { data?: { lessons?: Record<string, { score: number }> } } | undefined;
	return stored?.data?.lessons?.[contentId]?.score;
}

export type { QuestionPayload };

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
