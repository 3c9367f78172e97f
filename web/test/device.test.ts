/**
 * The Studio plugin's sign-in as the teacher sees it, in Debian's Chromium against the real
 * backend: the plugin (played here by plain HTTP requests, as Roblox's HttpService makes them)
 * starts a device authorization; the teacher opens the verification link, signs in, sees which
 * client asks and approves, and the plugin's next poll gets tokens that work; a code typed by
 * hand can be denied; an unknown code says so. Every screen is screenshotted and checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type Backend } from "./support/backend";
import { checkScreen, openBrowser, type Driver } from "./support/browser";
import { chromiumPath } from "./support/chromium";

const PRIMARY = "#3b5bdb";
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
let backend: Backend;
let driver: Driver;

interface DeviceAuthorization {
	device_code: string;
	user_code: string;
	verification_uri: string;
	verification_uri_complete: string;
}

describe.skipIf(!chromiumPath())("teacher app: connect Roblox Studio", { timeout: 120_000 }, () => {
	beforeAll(async () => {
		backend = await startBackend();
		driver = await openBrowser(backend.url);
	}, 180_000);

	afterAll(async () => {
		await driver?.close();
		await backend?.close();
	});

	it("opens the plugin's link, asks to sign in first, shows which client asks, and approval signs the plugin in", async () => {
		const { page } = driver;
		const device = await startDevice();
		expect(device.verification_uri).toBe(`${backend.url}/device`);
		await page.goto(device.verification_uri_complete);
		await page.getByText("Sign in to connect the Classroom plugin in Roblox Studio").waitFor();
		await page.getByLabel("Email or username").fill(backend.teacher.email);
		await page.getByLabel("Password").fill(backend.teacher.password);
		await page.getByRole("button", { name: "Sign in" }).click();

		await page.getByRole("heading", { name: "Classroom Studio plugin wants to sign in as you" }).waitFor();
		expect(await page.getByTestId("device-code").textContent()).toBe(device.user_code);
		expect(await page.getByLabel("Code from Studio").inputValue()).toBe(device.user_code);
		expect(new URL(page.url()).pathname).toBe("/device");
		expect((await poll(device)).error).toBe("authorization_pending");
		await checkScreen(page, "device", {
			colours: [{ hex: PRIMARY, minShare: 0.002, what: "the Approve button" }],
			busyRegions: [
				{ x: 0, y: 0, w: 1, h: 0.07, what: "the header" },
				{ x: 0.2, y: 0.1, w: 0.5, h: 0.5, what: "the code form and the request" },
			],
		});

		await page.getByRole("button", { name: "Approve" }).click();
		await page.getByText("Roblox Studio signs in within a few seconds").waitFor();
		await checkScreen(page, "device-approved", { busyRegions: [{ x: 0.2, y: 0.1, w: 0.5, h: 0.5, what: "the approval" }] });

		const tokens = await poll(device);
		expect(tokens).toMatchObject({ token_type: "Bearer", access_token: expect.any(String), refresh_token: expect.any(String) });
		const session = await fetch(`${backend.url}/api/v1/roblox/conversation/start`, { method: "POST", headers: { authorization: `Bearer ${tokens.access_token}`, "content-type": "application/json" }, body: "{}" });
		expect(session.status).toBe(201);
		expect(driver.consoleErrors).toEqual([]);
	});

	it("takes a code typed by hand (any case, no dash) and denies it: the plugin hears access_denied", async () => {
		const { page } = driver;
		const device = await startDevice();
		await page.getByRole("link", { name: "Connect Studio" }).click();
		await page.getByLabel("Code from Studio").fill(device.user_code.replace("-", "").toLowerCase());
		await page.getByRole("button", { name: "Check code" }).click();
		await page.getByRole("heading", { name: "Classroom Studio plugin wants to sign in as you" }).waitFor();
		await page.getByRole("button", { name: "Deny" }).click();
		await page.getByText("The plugin was not signed in").waitFor();
		await checkScreen(page, "device-denied", { busyRegions: [{ x: 0.2, y: 0.1, w: 0.5, h: 0.5, what: "the denial" }] });
		expect((await poll(device)).error).toBe("access_denied");
	});

	it("says when a code is unknown or expired", async () => {
		const { page } = driver;
		await page.goto("/device?user_code=BCDF-GHJK");
		await page.getByText("That code is unknown or has expired").waitFor();
		await page.getByRole("alert").getByText("Code not found").waitFor();
		await checkScreen(page, "device-unknown", { busyRegions: [{ x: 0.18, y: 0.33, w: 0.5, h: 0.13, what: "the alert" }] });
		// The browser logs the refused lookup (404) as a console error: expected here.
		expect(driver.consoleErrors.filter((e) => !e.includes("404"))).toEqual([]);
	});
});

async function startDevice(): Promise<DeviceAuthorization> {
	const res = await fetch(`${backend.url}/api/v1/roblox/oauth/device_authorization`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "client_id=classroom-studio-plugin" });
	expect(res.status).toBe(200);
	return (await res.json()) as DeviceAuthorization;
}

async function poll(device: DeviceAuthorization): Promise<{ error?: string; access_token: string; refresh_token: string; token_type: string }> {
	const res = await fetch(`${backend.url}/api/v1/roblox/oauth/token`, {
		method: "POST",
		headers: { "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: device.device_code, client_id: "classroom-studio-plugin" }).toString(),
	});
	return (await res.json()) as never;
}
