import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { chromiumPath } from "./chromium";
import { assertScreenshot, type VisualExpectation } from "./visual";

export const OUTPUT_DIR = join(process.cwd(), "test-output", "web");

export interface Driver {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Console errors and page errors seen so far (the test asserts there are none). */
	consoleErrors: string[];
	close(): Promise<void>;
}

/** Headless Debian Chromium at a laptop size (or the given viewport), collecting console errors. */
export async function openBrowser(baseURL: string, viewport = { width: 1280, height: 860 }): Promise<Driver> {
	const executablePath = chromiumPath();
	if (!executablePath) throw new Error("Chromium is not installed (apt-get install -y chromium)");
	const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
	const context = await browser.newContext({ baseURL, viewport, reducedMotion: "reduce", permissions: ["clipboard-read", "clipboard-write"] });
	const page = await context.newPage();
	const consoleErrors: string[] = [];
	page.on("console", (message) => {
		if (message.type() === "error") consoleErrors.push(message.text());
	});
	page.on("pageerror", (error) => consoleErrors.push(error.message));
	return { browser, context, page, consoleErrors, close: () => browser.close() };
}

/**
 * The checks every screen passes: a screenshot written under test-output/web and checked by its
 * visual expectations, no axe-core violations, and every interactive element reachable by Tab.
 */
export async function checkScreen(page: Page, name: string, visual: VisualExpectation): Promise<void> {
	mkdirSync(OUTPUT_DIR, { recursive: true });
	await page.waitForLoadState("networkidle");
	const file = join(OUTPUT_DIR, `${name}.png`);
	const png = await page.screenshot({ path: file, fullPage: false });
	assertScreenshot(png, visual, name);
	const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), `axe on ${name}`).toEqual([]);
	expect(await unreachableByKeyboard(page), `elements of ${name} that Tab never reaches`).toEqual([]);
}

/** Tabs through the whole page; returns a description of each visible interactive element never focused. */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
	const total = await page.evaluate(() => {
		const selector = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1']), [role='button'], [role='tab'], [role='checkbox'], [role='switch']";
		let n = 0;
		for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
			const style = getComputedStyle(el);
			const box = el.getBoundingClientRect();
			const hidden = box.width === 0 || box.height === 0 || style.visibility === "hidden" || style.display === "none";
			const disabled = (el as HTMLButtonElement).disabled || el.getAttribute("aria-disabled") === "true";
			// Radio groups are one tab stop (arrow keys move inside): only the checked/first radio counts.
			const radio = el instanceof HTMLInputElement && el.type === "radio" && !el.checked && document.querySelector(`input[type=radio][name="${el.name}"]:checked`);
			if (hidden || disabled || radio || el.closest("[aria-hidden='true'], [inert]")) continue;
			el.setAttribute("data-kb", String(n++));
		}
		(document.activeElement as HTMLElement | null)?.blur();
		return n;
	});
	const seen = new Set<string>();
	for (let i = 0; i < total * 2 + 10; i++) {
		await page.keyboard.press("Tab");
		const id = await page.evaluate(() => document.activeElement?.closest("[data-kb]")?.getAttribute("data-kb") ?? null);
		if (id !== null) seen.add(id);
		if (seen.size === total) break;
	}
	const missing = await page.evaluate((reached: string[]) => {
		const out: string[] = [];
		for (const el of Array.from(document.querySelectorAll<HTMLElement>("[data-kb]"))) {
			if (!reached.includes(el.getAttribute("data-kb")!)) out.push(`${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`);
			el.removeAttribute("data-kb");
		}
		return out;
	}, [...seen]);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	return missing;
}
