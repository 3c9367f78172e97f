/**
 * Configuration as a real place gets it: default.project.json syncs example configuration
 * modules into ServerStorage (the backend URL a placeholder that fails clearly, secret names),
 * a live server never uses the plaintext studio*Key fallbacks, and secret names are settings.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { startPlace, Universe, publish } from "../harness";
import { serviceEval, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const CONFIG = "server/classroom/ClassroomConfig@ClassroomConfig";

describe("configuration of a real place", () => {
	it("syncs example configuration modules; the placeholder backend URL makes no request and says what to set", async () => {
		requireBuild();
		const place = await startPlace();
		const storage = await place.instance("ServerStorage", 1);
		expect(storage!.children.map((c) => `${c.name}:${c.className}`).sort()).toEqual([
			"BotConfig:ModuleScript",
			"ClassroomConfig:ModuleScript",
			"ClassroomContent:Folder",
			"LicenseConfig:ModuleScript",
		]);
		const config = await serviceEval<{ url: string; secret: string; configured: boolean }>(
			place,
			CONFIG,
			"return { url = service.settings.backendUrl, secret = service.settings.placeKeySecret, configured = service.backendConfigured }",
		);
		expect(config).toEqual({ url: "https://your-backend.example", secret: "classroom_place_key", configured: false });
		expect(place.output).toContainEqual(expect.objectContaining({ kind: "warn", text: expect.stringContaining("backendUrl is the placeholder https://your-backend.example") }));
		// A player joins (teacher check) and content is polled: not one HTTP request.
		const budget = await place.httpBudget();
		await place.addPlayer("Ana");
		await place.advance(5);
		expect(await place.httpBudget()).toBe(budget);
		await place.shutdown();
	});

	it("a live server ignores studioPlaceKey (and warns); the place key comes from the named secret; Studio uses the fallback", async () => {
		requireBuild();
		const seen: IncomingHttpHeaders[] = [];
		const standIn = createServer((req, res) => {
			seen.push(req.headers);
			req.resume();
			req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end('{"isTeacher":false,"robloxUserId":"2"}'));
		});
		await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
		const backendUrl = publish(`http://127.0.0.1:${(standIn.address() as AddressInfo).port}`);

		const plain = await startClassroom({ config: { backendUrl, studioPlaceKey: "pk_plaintext", teacherUserIds: [] } });
		await plain.addPlayer("Ana", { userId: 2 });
		await plain.advance(2);
		expect(seen.length).toBeGreaterThan(0);
		expect(seen.map((h) => h.authorization ?? "")).not.toContainEqual(expect.stringContaining("pk_plaintext"));
		expect(plain.output).toContainEqual(expect.objectContaining({ kind: "warn", text: expect.stringContaining("studioPlaceKey is ignored outside Studio") }));
		await plain.shutdown();

		seen.length = 0;
		const universe = new Universe();
		universe.setSecret("school_place_key", "pk_secret");
		const named = await startClassroom({ universe, config: { backendUrl, placeKeySecret: "school_place_key", teacherUserIds: [] } });
		await named.addPlayer("Ben", { userId: 3 });
		await named.advance(2);
		expect(seen.map((h) => h.authorization)).toContain("Bearer pk_secret");
		await named.shutdown();

		// In Studio (no secrets store unless local secrets are set) the plaintext fallback is used.
		seen.length = 0;
		const studio = await startClassroom({ studio: true, config: { backendUrl, studioPlaceKey: "pk_plaintext", teacherUserIds: [] } });
		await studio.addPlayer("Cy", { userId: 4 });
		await studio.advance(2);
		expect(seen.map((h) => h.authorization)).toContain("Bearer pk_plaintext");
		await studio.shutdown();
		await new Promise((resolve) => standIn.close(resolve));
	});
});

describe("configuration in Studio", () => {
	it("the placeholder backend URL stands for the backend npm start runs", async () => {
		requireBuild();
		// Nothing is sent (no poll, no teacher check): tests only talk to ports they opened.
		const place = await startClassroom({
			studio: true,
			config: { backendUrl: "https://your-backend.example", contentPollInterval: 0, verifyTeachersWithBackend: false },
		});
		const config = await serviceEval<{ url: string; configured: boolean }>(place, CONFIG, "return { url = service.settings.backendUrl, configured = service.backendConfigured }");
		expect(config).toEqual({ url: "http://127.0.0.1:8009", configured: true });
		await place.shutdown();
	});
});
