/**
 * Progress in DataStores through the real compiled place: answers survive a restart, a player
 * moving to a second server while the first holds the lock loses nothing and gains nothing,
 * a stolen lock never overwrites the owner, and injected DataStore errors and throttling lose
 * nothing.
 */
import { describe, expect, it } from "vitest";
import { Universe } from "../harness";
import { advanceTogether, fractionsLesson, lastOf, lastQuestion, launch, nextQuestion, slotFor, startClassroom, storedProfile } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const FAST = { saveDelay: 5, autosaveInterval: 60 };

async function classWithOneAnswer(universe: Universe, config: Record<string, unknown> = FAST) {
	requireBuild();
	const lesson = await fractionsLesson(3);
	const place = await startClassroom({ universe, lessons: { fractions: lesson }, config });
	const teacher = await place.addPlayer("Teacher", { userId: 1 });
	const ana = await place.addPlayer("Ana", { userId: 2 });
	await place.advance(1);
	await launch(place, teacher, "fractions");
	await nextQuestion(place, teacher);
	await place.advance(3);
	const view = lastQuestion(ana)!;
	await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
	const result = lastOf<{ outcome: string; earned: number }>(ana, "answerResult")!;
	return { place, teacher, ana, lesson, view, result };
}

describe("classroom progress", () => {
	it("saves an acknowledged answer within saveDelay and keeps it across a restart", async () => {
		const universe = new Universe();
		const { place, result } = await classWithOneAnswer(universe);
		expect(result.outcome).toBe("right");
		// 3 s after opening with T = 30: round((1 - 3/30/2) * 1000) = 950.
		expect(result.earned).toBe(950);
		expect(storedProfile(place, 2)?.data.totalScore ?? 0).toBe(0);
		await place.advance(7);
		expect(storedProfile(place, 2)?.data.totalScore).toBe(950);

		const second = await place.restart();
		// Shutdown released the lock.
		expect(storedProfile(second, 2)?.lock).toBeUndefined();
		const ana = await second.addPlayer("Ana", { userId: 2 });
		await second.advance(2);
		expect(lastOf<{ lifetimeScore: number }>(ana, "hud")?.lifetimeScore).toBe(950);
		expect(storedProfile(second, 2)?.lock).toBeDefined();
		await second.shutdown();
	});

	it("hands the profile to a second server while the first still holds the lock: no loss, no duplicate", async () => {
		const universe = new Universe();
		const { place: first, ana } = await classWithOneAnswer(universe, { saveDelay: 60, autosaveInterval: 120 });
		// Not saved yet: the answer lives only in the first server's memory, under its lock.
		expect(storedProfile(first, 2)?.data.totalScore).toBe(0);
		const second = await startClassroom({ universe, config: FAST });
		const moved = await second.addPlayer("Ana", { userId: 2 });
		// The second server asked the first (MessagingService) to release; it saves and lets go.
		// Both servers run meanwhile (DataStore calls take time on each).
		await advanceTogether([first, second], 6);
		expect(ana.kicked?.message).toMatch(/another server/);
		expect(storedProfile(second, 2)?.data.totalScore).toBe(950);
		expect(lastOf<{ lifetimeScore: number }>(moved, "hud")?.lifetimeScore).toBe(950);
		// The first server's later saves are refused: one answer, counted once.
		await first.advance(130);
		await second.advance(70);
		const stored = storedProfile(second, 2)!;
		expect(Object.keys(stored.data.answers)).toHaveLength(1);
		expect(stored.data.totalScore).toBe(950);
		await second.shutdown();
		await first.shutdown();
	});

	it("steals the lock of an unresponsive server after 40 s; the old server's unsaved answers are handed over, once", async () => {
		const universe = new Universe();
		const { place: first } = await classWithOneAnswer(universe, { saveDelay: 60, autosaveInterval: 120 });
		const second = await startClassroom({ universe, config: FAST });
		await second.addPlayer("Ana", { userId: 2 });
		// The first server is frozen (never advanced): no reply to the release request.
		await second.advance(30);
		expect(storedProfile(second, 2)?.lock).toBeDefined();
		const lockBefore = storedProfile(second, 2)!.lock!.jobId;
		await second.advance(20);
		const lockAfter = storedProfile(second, 2)!.lock!.jobId;
		expect(lockAfter).not.toBe(lockBefore);
		expect(await second.eval(`return game:GetService("Players"):GetPlayerByUserId(2) ~= nil`)).toBe(true);
		// The first server wakes up and tries to save: it must not overwrite, only hand over.
		await first.advance(65);
		expect(storedProfile(first, 2)!.lock!.jobId).toBe(lockAfter);
		expect(storedProfile(first, 2)!.handoff).toHaveLength(1);
		// The owner folds the handed-over answer in on its next save, once.
		await second.advance(130);
		await second.advance(130);
		const stored = storedProfile(second, 2)!;
		expect(stored.data.totalScore).toBe(950);
		expect(stored.handoff ?? []).toHaveLength(0);
		await second.shutdown();
		await first.shutdown();
	});

	it("loses nothing when DataStore requests fail or the budget runs dry", async () => {
		const universe = new Universe();
		const { place, ana, teacher, lesson } = await classWithOneAnswer(universe);
		universe.failDataStore({ method: "UpdateAsync", times: 3 });
		await place.setDataStoreBudget("SetIncrementAsync", 0);
		await place.advance(10);
		// No budget: nothing was sent, so nothing entered Roblox's throttle queue.
		expect(place.output.filter((l) => l.text.includes("added to queue"))).toHaveLength(0);
		await place.advance(30);
		expect(storedProfile(place, 2)?.data.totalScore).toBe(950);
		// A second answer, then failures during the save on leave.
		await nextQuestion(place, teacher);
		const view = lastQuestion(ana)!;
		await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
		const second = lastOf<{ earned: number; streakBonus: number }>(ana, "answerResult")!;
		expect(second.streakBonus).toBe(100);
		universe.failDataStore({ method: "UpdateAsync", times: 2 });
		await ana.leave();
		await place.advance(20);
		const stored = storedProfile(place, 2)!;
		expect(stored.data.totalScore).toBe(950 + second.earned);
		expect(stored.lock).toBeUndefined();
		await place.shutdown();
	});

	it("rejoining the same server while the leave-save is still running keeps the lock and every answer", async () => {
		const universe = new Universe();
		const { place, ana, teacher, lesson } = await classWithOneAnswer(universe);
		// The leave-save fails once (so it is still retrying) while Ana comes straight back.
		universe.failDataStore({ method: "UpdateAsync", times: 1 });
		await ana.leave();
		const back = await place.addPlayer("Ana", { userId: 2 });
		await place.advance(15);
		expect(back.kicked).toBeUndefined();
		await nextQuestion(place, teacher);
		const view = lastQuestion(back)!;
		await back.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
		const second = lastOf<{ earned: number }>(back, "answerResult")!;
		await place.advance(10);
		const stored = storedProfile(place, 2)!;
		expect(stored.data.totalScore).toBe(950 + second.earned);
		expect(stored.lock).toBeDefined();
		expect(back.kicked).toBeUndefined();
		await place.shutdown();
	});
});
