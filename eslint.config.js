// Flat config. The game (src/) gets roblox-ts's rules, which need type information from
// tsconfig.json; the Node-side harness (tests/harness) gets plain typescript-eslint rules.
const roblox = require("eslint-plugin-roblox-ts");
const tsPlugin = require("@typescript-eslint/eslint-plugin");
const tsParser = require("@typescript-eslint/parser");

const scoped = (files, configs) => configs.map((config) => ({ ...config, files }));

module.exports = [
	{ ignores: ["out/**", "include/**", "**/node_modules/**", "plugin/out/**", "server/dist/**", "web/dist/**"] },
	...scoped(["src/**/*.ts", "src/**/*.tsx"], [
		...tsPlugin.configs["flat/recommended"],
		{
			...roblox.configs.recommended,
			languageOptions: {
				parser: tsParser,
				parserOptions: { project: "./tsconfig.json", tsconfigRootDir: __dirname },
			},
		},
	]),
	// The Studio plugin: the same roblox-ts rules, typed by its own tsconfig.
	...scoped(["plugin/src/**/*.ts"], [
		...tsPlugin.configs["flat/recommended"],
		{
			...roblox.configs.recommended,
			languageOptions: {
				parser: tsParser,
				parserOptions: { project: "./plugin/tsconfig.json", tsconfigRootDir: __dirname },
			},
		},
	]),
	// Node-side code: the backend (with its tests and bench) and the teacher app.
	...scoped(["tests/**/*.ts", "server/**/*.ts", "web/**/*.ts", "web/**/*.tsx"], [
		...tsPlugin.configs["flat/recommended"],
		{
			languageOptions: { parser: tsParser, parserOptions: { sourceType: "module" } },
			rules: {
				"@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
				eqeqeq: "error",
			},
		},
	]),
	// Tests read JSON bodies and frames of every shape; `any` there is the honest type.
	{ files: ["server/test/**/*.ts", "web/test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
];
