import { create, indexes } from "@rbxts/vide";
import { STAGES } from "config";
import { button, field, label, section } from "./parts";
import { Store } from "./store";

/** What the widget's controls do (Controller implements it). */
export interface Actions {
	setServerUrl(url: string): void;
	signIn(): void;
	signOut(): void;
	send(text: string): void;
	generate(): void;
	insert(): void;
	update(): void;
	checkRojo(): void;
}

/**
 * The dock widget: server address, sign-in by device code, the conversation as a chat with the
 * stage stepper and the facts collected so far, generation progress, insert/update, and the
 * Rojo steps. Declarative (Vide): components read the store's sources and update in place.
 */
export function App(store: Store, actions: Actions) {
	const signedIn = () => store.auth().state === "signedIn";
	const generation = () => store.generation();
	return create("Frame", {
		Name: "Root",
		Size: UDim2.fromScale(1, 1),
		BackgroundColor3: Color3.fromRGB(46, 46, 46),
		0: create("UIListLayout", { SortOrder: Enum.SortOrder.LayoutOrder, Padding: new UDim(0, 8) }),
		1: label("Banner", () => store.banner() ?? "", { visible: () => store.banner() !== undefined, order: 0 }),
		2: section("Server", 1, true, [
			label("Caption", "Classroom server", { muted: true, order: 0 }),
			field("Url", "http://127.0.0.1:8009", (text) => actions.setServerUrl(text), { text: () => store.serverUrl(), order: 1 }),
		]),
		3: section("Account", 2, true, [
			label("Status", () => accountStatus(store), { order: 0 }),
			label("Code", () => waiting(store)?.userCode ?? "", { visible: () => waiting(store) !== undefined, order: 1 }),
			label("Link", () => `Open ${waiting(store)?.verificationUri ?? ""} in the teacher app and enter the code.`, { visible: () => waiting(store) !== undefined, order: 2 }),
			button("SignIn", "Sign in", () => actions.signIn(), { visible: () => store.auth().state === "signedOut", order: 3 }),
			button("SignOut", "Sign out", () => actions.signOut(), { visible: signedIn, order: 4 }),
		]),
		4: section("Lesson", 3, signedIn, [
			label("StageTitle", () => `Stage ${store.stage().number} of ${store.stage().total}: ${store.stage().name}`, { order: 0 }),
			Stepper(store),
			section("Facts", 2, () => store.facts().size() > 0, [
				indexes(
					() => factLines(store.facts()),
					(line, i) => label(`Fact${i + 1}`, () => line(), { muted: true, order: i }),
				),
			]),
			section("Chat", 3, true, [
				indexes(store.chat, (line, i) => label(`Message${i + 1}`, () => `${line().role === "teacher" ? "You" : "Assistant"}: ${line().text}`, { order: i })),
			]),
			field("Input", "Type your answer and press Enter", (text) => actions.send(text), { order: 4 }),
			button("Generate", "Generate the lesson", () => actions.generate(), { visible: () => store.stage().name === "generation" && generation().state !== "running", order: 5 }),
			label("Progress", () => progressText(generation()), { visible: () => generation().state !== "none", order: 6 }),
			button("Insert", "Insert into this place", () => actions.insert(), { visible: () => generation().state === "done", order: 7 }),
			button("Update", "Update inserted lesson", () => actions.update(), { visible: () => generation().state === "done", order: 8 }),
			label("Result", () => store.result() ?? "", { visible: () => store.result() !== undefined, order: 9 }),
		]),
		5: section("Rojo", 4, () => generation().projectId !== undefined, [
			label("Caption", "Sync with Rojo instead", { muted: true, order: 0 }),
			button("Check", "Show Rojo steps and check the server", () => actions.checkRojo(), { order: 1 }),
			label("Steps", () => (store.rojo()?.steps ?? []).join("\n"), { visible: () => store.rojo() !== undefined, order: 2 }),
			label("Status", () => store.rojo()?.status ?? "", { visible: () => store.rojo() !== undefined, order: 3 }),
		]),
	});
}

function Stepper(store: Store) {
	return section(
		"Stepper",
		1,
		true,
		STAGES.map((stage, i) =>
			label(`Step${i + 1}`, () => `${i + 1 < store.stage().number ? "[done]" : i + 1 === store.stage().number ? "[now]" : "[ ]"} ${stage}`, { order: i, muted: i + 1 !== store.stage().number }),
		),
	);
}

function waiting(store: Store) {
	const auth = store.auth();
	return auth.state === "waiting" ? auth : undefined;
}

function accountStatus(store: Store): string {
	const auth = store.auth();
	if (auth.state === "signedIn") return "Signed in.";
	if (auth.state === "starting") return "Asking the server for a sign-in code...";
	if (auth.state === "waiting") return "Waiting for a teacher to approve this code:";
	return "Signed out.";
}

function factLines(facts: Map<string, string>): string[] {
	const lines = new Array<string>();
	for (const [name, value] of facts) lines.push(`${name}: ${value}`);
	lines.sort();
	return lines;
}

function progressText(g: { state: string; progress: number; via?: string; message?: string }): string {
	if (g.state === "done") return "Generated: 100%. Ready to insert.";
	if (g.state === "failed") return `Generation failed: ${g.message ?? "unknown error"}`;
	const via = g.via === "stream" ? " (live)" : g.via === "polling" ? " (checking every 2 s)" : "";
	return `Generating... ${g.progress}%${via}${g.message !== undefined ? ` ${g.message}` : ""}`;
}
