/**
 * The teacher app in Debian's Chromium against the real backend (embedded PGlite): signing in,
 * the class screen (roster, join code, progress), a silent refresh of an expired access token,
 * and a revoked session landing on the sign-in page. Every screen is screenshotted and checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type Backend } from "./support/backend";
import { checkScreen, openBrowser, type Driver } from "./support/browser";
import { chromiumPath } from "./support/chromium";
import { signIn } from "./support/flows";

const PRIMARY = "#3b5bdb";
let backend: Backend;
let driver: Driver;
let classId: string;

describe.skipIf(!chromiumPath())("teacher app: account and class", { timeout: 120_000 }, () => {
	beforeAll(async () => {
		backend = await startBackend();
		const klass = await backend.app.createClass({ schoolId: backend.teacher.schoolId, teacherId: backend.teacher.id, name: "5B Maths", joinCode: "MATH5B" });
		classId = klass.id;
		for (const name of ["ana", "ben"]) {
			const student = await backend.app.createUser({ role: "student", schoolId: backend.teacher.schoolId, username: name });
			await backend.app.request({ method: "POST", url: "/v2/classes/join", token: student.token, payload: { join_code: "MATH5B" } });
		}
		// Another school's class must never show up.
		const other = await backend.app.createSchool("Elsewhere High");
		await backend.app.createClass({ schoolId: other.id, name: "Not yours" });
		driver = await openBrowser(backend.url);
	}, 180_000);

	afterAll(async () => {
		await driver?.close();
		await backend?.close();
	});

	it("serves the app at / and refuses a wrong password with a message", async () => {
		const { page } = driver;
		const response = await page.goto("/");
		expect(response?.headers()["content-type"]).toContain("text/html");
		await page.getByLabel("Email or username").fill(backend.teacher.email);
		await page.getByLabel("Password").fill("wrong password");
		await page.getByRole("button", { name: "Sign in" }).click();
		await expect.poll(() => page.getByRole("alert").textContent()).toContain("Invalid credentials");
		await checkScreen(page, "sign-in", { colours: [{ hex: PRIMARY, minShare: 0.002, what: "the primary button" }] });
		driver.consoleErrors.length = 0; // the refused login's 401 is expected
	});

	it("signs in and lists only the teacher's school's classes", async () => {
		const { page } = driver;
		await signIn(page, backend);
		await page.getByRole("heading", { name: "Classes", level: 2 }).waitFor();
		await page.getByRole("link", { name: "5B Maths" }).waitFor();
		expect(await page.getByText("Not yours").count()).toBe(0);
		await expect.poll(() => page.getByText("2 students").count()).toBe(1);
		await checkScreen(page, "classes", {
			colours: [{ hex: PRIMARY, minShare: 0.002, what: "the primary button" }],
			busyRegions: [{ x: 0, y: 0, w: 1, h: 0.07, what: "the header" }, { x: 0, y: 0.08, w: 0.17, h: 0.3, what: "the navigation" }],
		});
	});

	it("shows the roster and regenerates the join code", async () => {
		const { page } = driver;
		await page.getByRole("link", { name: "5B Maths" }).click();
		await page.getByRole("table", { name: "Students and their progress" }).waitFor();
		expect(await page.getByRole("row").count()).toBe(3);
		await expect.poll(() => page.getByTestId("join-code").textContent()).toBe("MATH5B");
		await checkScreen(page, "class", { busyRegions: [{ x: 0.2, y: 0.1, w: 0.75, h: 0.3, what: "the join code panel" }] });
		await page.getByRole("button", { name: "Regenerate join code" }).click();
		await expect.poll(() => page.getByTestId("join-code").textContent()).not.toBe("MATH5B");
		const api = await backend.app.request({ method: "GET", url: `/v2/classes/${classId}`, token: (await backend.app.createUser({ role: "admin" })).token });
		expect(await page.getByTestId("join-code").textContent()).toBe(api.json().data.join_code);
	});

	it("refreshes an expired access token silently", async () => {
		const { page } = driver;
		const expired = await backend.expiredAccessToken();
		const before = await page.evaluate(() => JSON.parse(localStorage.getItem("classroom.session")!).refreshToken as string);
		await page.evaluate((token) => {
			const stored = JSON.parse(localStorage.getItem("classroom.session")!);
			localStorage.setItem("classroom.session", JSON.stringify({ ...stored, accessToken: token }));
		}, expired);
		await page.reload();
		await page.getByRole("table", { name: "Students and their progress" }).waitFor();
		const after = await page.evaluate(() => JSON.parse(localStorage.getItem("classroom.session")!) as { accessToken: string; refreshToken: string });
		expect(after.accessToken).not.toBe(expired);
		expect(after.refreshToken).not.toBe(before);
		expect(await page.getByRole("heading", { name: "Sign in to Roblox Classroom" }).count()).toBe(0);
		// The browser logs failed requests as console errors: the 401s that triggered the refresh are expected.
		driver.consoleErrors.splice(0, driver.consoleErrors.length, ...driver.consoleErrors.filter((e) => !e.includes("401")));
	});

	it("lands on sign-in when the session was revoked", async () => {
		const { page } = driver;
		const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("classroom.session")!) as { refreshToken: string });
		const revoked = await backend.app.request({ method: "POST", url: "/v2/auth/logout", payload: { refresh_token: stored.refreshToken } });
		expect(revoked.statusCode).toBe(200);
		const expired = await backend.expiredAccessToken();
		await page.evaluate((token) => {
			const s = JSON.parse(localStorage.getItem("classroom.session")!);
			localStorage.setItem("classroom.session", JSON.stringify({ ...s, accessToken: token }));
		}, expired);
		await page.reload();
		await page.getByRole("heading", { name: "Sign in to Roblox Classroom" }).waitFor();
		await page.getByText("Your session has ended").waitFor();
		driver.consoleErrors.splice(0, driver.consoleErrors.length, ...driver.consoleErrors.filter((e) => !e.includes("401")));
		expect(driver.consoleErrors).toEqual([]);
	});

	it("works on a portrait tablet (700 px): navigation folds into a menu button that opens it", async () => {
		const tablet = await openBrowser(backend.url, { width: 700, height: 1000 });
		try {
			const { page } = tablet;
			await signIn(page, backend);
			await page.getByRole("link", { name: "5B Maths" }).waitFor();
			// The navigation slides out of view; the menu button brings it back.
			const sessionsLink = page.getByRole("link", { name: "Sessions" });
			expect((await sessionsLink.boundingBox())!.x).toBeLessThan(0);
			await page.getByRole("button", { name: "Toggle navigation" }).click();
			await expect.poll(async () => (await sessionsLink.boundingBox())!.x).toBeGreaterThanOrEqual(0);
			await checkScreen(page, "classes-tablet", { busyRegions: [{ x: 0, y: 0, w: 1, h: 0.06, what: "the header" }] });
			expect(tablet.consoleErrors).toEqual([]);
		} finally {
			await tablet.close();
		}
	});
});
