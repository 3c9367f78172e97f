import type { BenchScenario } from "./index.js";

export const platformScenarios: BenchScenario[] = [
	{
		name: "platform GET /v2/health",
		anchor: "bare GET",
		async prepare() {
			return { path: "/v2/health", method: "GET" };
		},
	},
	{
		name: "platform GET /v2/users/me (JWT)",
		anchor: "db read",
		async prepare(api) {
			const { token } = await api.teacher("Bench School");
			return { path: "/v2/users/me", method: "GET", headers: { authorization: `Bearer ${token}` } };
		},
	},
	{
		name: "platform POST /v2/messages (JWT write)",
		anchor: "db message",
		async prepare(api) {
			const { token, schoolId } = await api.teacher("Bench Messages");
			const parent = await api.user("parent", schoolId);
			messagesToken = token;
			return {
				path: "/v2/messages",
				method: "POST",
				headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
				body: JSON.stringify({ recipient_id: parent.id, subject: "Progress", body: "Your child finished the fractions lesson." }),
			};
		},
		// Every acknowledged write must be durable: the stored count should match the 201s (warm-up included).
		async report(api, result) {
			const sent = await api.call<{ data: { total: number } }>("GET", "/v2/messages?box=sent&per_page=1", { bearer: messagesToken });
			return `${sent.data.total} messages stored for ${result.acknowledged} acknowledged (201) requests (the run's last requests in flight are stored, not counted)`;
		},
	},
];

let messagesToken = "";
