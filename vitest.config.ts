import { defineConfig } from "vitest/config";

// One runner for both runtimes: the headless place specs (tests/) and the backend (server/test/).
// Each test file runs in its own forked process: luau-web's WASM heap cannot be freed, and
// backend tests bind their own ports and databases.
export default defineConfig({
	test: {
		pool: "forks",
		testTimeout: 60_000,
		hookTimeout: 60_000,
		projects: [
			{
				extends: true,
				test: { name: "place", include: ["tests/**/*.test.ts"] },
			},
			{
				extends: true,
				test: { name: "server", include: ["server/test/**/*.test.ts"], root: "." },
			},
		],
	},
});
