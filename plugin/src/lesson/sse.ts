import { HttpService } from "@rbxts/services";

export interface ServerEvent {
	event: string;
	id?: string;
	data?: unknown;
}

/**
 * One message of a WebStreamClient in SSE mode, in the event stream format (`event:`, `data:`,
 * `id:` lines). A message without field lines is taken as the data alone.
 */
export function parseServerEvent(message: string): ServerEvent {
	let event = "message";
	let id: string | undefined;
	const data = new Array<string>();
	let fields = 0;
	for (const line of message.split("\n")) {
		const [field, value] = string.match(line, "^([%a%-]+):%s?(.*)$");
		if (!typeIs(field, "string")) continue;
		fields += 1;
		const text = tostring(value).gsub("\r$", "")[0];
		if (field === "event") event = text;
		else if (field === "data") data.push(text);
		else if (field === "id") id = text;
	}
	const raw = fields === 0 ? message : data.join("\n");
	const [ok, decoded] = pcall(() => HttpService.JSONDecode(raw));
	return { event, id, data: ok ? decoded : raw };
}
