import type { Page } from "playwright-core";
import type { Backend } from "./backend";

export async function signIn(page: Page, backend: Backend): Promise<void> {
	await page.goto("/");
	await page.getByLabel("Email or username").fill(backend.teacher.email);
	await page.getByLabel("Password").fill(backend.teacher.password);
	await page.getByRole("button", { name: "Sign in" }).click();
	await page.getByRole("button", { name: "Sign out" }).waitFor();
}
