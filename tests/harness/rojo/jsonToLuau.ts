/** Renders JSON data as a Luau module, the way Rojo turns `*.json` files into ModuleScripts. */
export function jsonToLuau(data: unknown): string {
	return `return ${literal(data)}\n`;
}

function literal(value: unknown): string {
	if (value === null || value === undefined) return "nil";
	if (typeof value === "string") return JSON.stringify(value);
	if (typeof value === "number" || typeof value === "boolean") return String(value);
	if (Array.isArray(value)) return `{ ${value.map(literal).join(", ")} }`;
	const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `[${JSON.stringify(k)}] = ${literal(v)}`);
	return `{ ${entries.join(", ")} }`;
}
