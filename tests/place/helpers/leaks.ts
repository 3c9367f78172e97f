/**
 * Inspects what a client received for the answer key: any field named like a key, any
 * explanation, and any payload that marks which option is right (an index or the right
 * option's text next to a "right"/"correct" flag).
 */
import type { InboxEvent } from "../../harness";
import type { LessonContent } from "../../../server/src/modules/content/types";

const KEY_FIELDS = new Set(["correct", "correctIndex", "correctAnswer", "answerKey", "answer", "explanation", "key"]);

export function findAnswerKeyLeaks(inbox: InboxEvent[], lesson: LessonContent): string[] {
	const leaks: string[] = [];
	const explanations = new Set(lesson.quiz.questions.map((q) => q.explanation).filter((e) => e && e.length > 0));
	const visit = (value: unknown, path: string) => {
		if (Array.isArray(value)) return value.forEach((v, i) => visit(v, `${path}[${i}]`));
		if (value && typeof value === "object") {
			for (const [k, v] of Object.entries(value)) {
				if (KEY_FIELDS.has(k)) leaks.push(`${path}.${k}`);
				visit(v, `${path}.${k}`);
			}
			return;
		}
		if (typeof value === "string" && explanations.has(value)) leaks.push(`${path} (explanation text)`);
	};
	inbox.forEach((event, i) => visit(event.args, `#${i} ${event.remote}`));
	return leaks;
}

/** One string or number a client can read: an instance's name, an attribute, a value object's Value, a GUI text. */
export interface Visible {
	path: string;
	field: string;
	value: string | number | boolean;
}

/** Everything a server replicates (and a client VM shows), as name/attribute/Value/Text entries. */
const SCAN_LUAU = `
	local roots = { workspace, game:GetService("ReplicatedStorage"), game:GetService("ReplicatedFirst"),
		game:GetService("Lighting"), game:GetService("StarterGui"), game:GetService("StarterPlayer"), game:GetService("Players") }
	local out = {}
	local function add(inst, field, value)
		if type(value) ~= "string" and type(value) ~= "number" and type(value) ~= "boolean" then value = tostring(value) end
		table.insert(out, { path = inst:GetFullName(), field = field, value = value })
	end
	local function visit(inst)
		-- The runtime library's module names are code, not data.
		if inst.Name == "rbxts_include" then return end
		add(inst, "Name", inst.Name)
		for name, value in inst:GetAttributes() do add(inst, "@" .. name, value) end
		if inst:IsA("ValueBase") then add(inst, "Value", inst.Value) end
		for _, prop in { "Text", "PlaceholderText" } do
			local ok, value = pcall(function() return (inst :: any)[prop] end)
			if ok and type(value) == "string" and value ~= "" then add(inst, prop, value) end
		end
		for _, child in inst:GetChildren() do visit(child) end
	end
	for _, root in roots do visit(root) end
	return out
`;

/** Reads what the server replicates, or what a client VM holds (its PlayerGui included). */
export async function scanVisible(vm: { eval<T>(luau: string): Promise<T> }): Promise<Visible[]> {
	return vm.eval<Visible[]>(SCAN_LUAU);
}

const KEY_NAME = /^(correct|correctindex|correctanswer|correctoption|answer|answerkey|key|solution|explanation|order|rightoption)$/i;

/**
 * The answer key of any question among `visible`: a key-like name (instance or attribute), an
 * explanation, the ordering key, or the right option's text singled out (present where the
 * question's other options are not, as when a board or an attribute holds only the key). Option
 * texts shown together, as a player's own buttons show them, are not a leak.
 */
export function findReplicatedKeyLeaks(visible: Visible[], lesson: LessonContent): string[] {
	const leaks: string[] = [];
	const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf(".")));
	const under = (prefix: string) => visible.filter((v) => v.path === prefix || v.path.startsWith(`${prefix}.`)).map((v) => String(v.value));
	for (const v of visible) {
		const name = v.field.startsWith("@") ? v.field.slice(1) : v.field === "Name" ? String(v.value) : undefined;
		if (name !== undefined && KEY_NAME.test(name)) leaks.push(`${v.path} ${v.field} is named like a key`);
	}
	for (const q of lesson.quiz.questions) {
		const right = q.options[q.correct];
		const strings = visible.filter((v) => typeof v.value === "string") as Array<Visible & { value: string }>;
		for (const v of strings) {
			if (q.explanation && q.explanation.length > 3 && v.value.includes(q.explanation)) leaks.push(`${v.path} ${v.field} holds the explanation of ${q.id}`);
			if (q.order) {
				const ordered = q.order.map((i) => q.options[i]);
				if (v.value.includes(ordered.join(",")) || v.value.includes(q.order.join(","))) leaks.push(`${v.path} ${v.field} holds the order of ${q.id}`);
			}
			// One- or two-character options ("4") cannot be told apart from layout numbers.
			if (right.length <= 2 || v.value !== right) continue;
			const shownWith = new Set(under(parentOf(v.path)));
			if (!q.options.every((o) => shownWith.has(o))) leaks.push(`${v.path} ${v.field} singles out the key of ${q.id} ("${right}")`);
		}
	}
	return leaks;
}
