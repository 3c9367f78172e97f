/**
 * The two ends of a profile's life on a server: BindToClose holds the server open until every
 * profile is saved and released (even when a save needs a retry), and a player whose profile
 * cannot be loaded (a save from a newer version, or DataStores down through every retry) is
 * kicked with a message instead of playing without saved progress.
 */
import { describe, expect, it } from "vitest";
import { Universe } from "../harness";
import { fractionsLesson, lastOf, lastQuestion, launch, nextQuestion, PROFILE_STORE, slotFor, startClassroom, storedProfile } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const LOAD_FAILED = /classroom progress could not be loaded/;

describe("profile lifecycle", () => {
	it("BindToClose saves and releases an unsaved answer before the server closes, retrying a failed write", async () => {
		requireBuild();
		const universe = new Universe();
		const lesson = await fractionsLesson(2);
		// saveDelay 300: only the shutdown can be what saves the answer.
		const place = await startClassroom({ universe, lessons: { fractions: lesson }, config: { saveDelay: 300, autosaveInterval: 600 } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await place.advance(1);
		await launch(place, teacher, "fractions");
		await nextQuestion(place, teacher);
		await place.advance(3);
		const view = lastQuestion(ana)!;
		await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
		const earned = lastOf<{ earned: number }>(ana, "answerResult")!.earned;
		expect(earned).toBeGreaterThan(0);
		expect(storedProfile(place, 2)?.data.totalScore ?? 0).toBe(0);
		// The first write of the shutdown fails: the save must be retried before the server may close.
		universe.failDataStore({ method: "UpdateAsync", store: PROFILE_STORE, key: "player_2", times: 1 });
		await place.shutdown();
		expect(storedProfile(place, 2)?.data.totalScore).toBe(earned);
		expect(storedProfile(place, 2)?.lock).toBeUndefined();
		// The key carries its player's user id, so a Right-to-Erasure request can find it.
		expect(universe.userIds(PROFILE_STORE, "player_2")).toEqual([2]);
	});

	it("kicks a player whose save comes from a newer version of the game, and leaves that save alone", async () => {
		requireBuild();
		const universe = new Universe();
		const newer = { data: { version: 99, totalScore: 5, future: true } };
		universe.seed(PROFILE_STORE, "player_2", newer);
		const place = await startClassroom({ universe });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await place.advance(2);
		expect(ana.kicked?.message).toMatch(LOAD_FAILED);
		expect(place.universe.read(PROFILE_STORE, "player_2")).toEqual(newer);
		await place.shutdown();
	});

	it("kicks a player whose profile cannot be read through every retry (DataStores down)", async () => {
		requireBuild();
		const universe = new Universe();
		universe.failDataStore({ method: "UpdateAsync", store: PROFILE_STORE, key: "player_2", times: 100 });
		const place = await startClassroom({ universe });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await place.advance(10);
		expect(ana.kicked).toBeUndefined();
		await place.advance(60);
		expect(ana.kicked?.message).toMatch(LOAD_FAILED);
		await place.shutdown();
	});
});
