import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publish } from "..";
import { startEmptyPlace } from "./support";

describe("HttpService", () => {
	let server: http.Server;
	let loopback = "";
	let base = "";
	const seen: Array<{ method?: string; url?: string; auth?: string; body: string }> = [];

	beforeAll(async () => {
		server = http.createServer((req, res) => {
			let body = "";
			req.on("data", (c) => (body += c));
			req.on("end", () => {
				seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
				res.writeHead(req.url === "/missing" ? 404 : 200, { "content-type": "application/json" });
				res.end(JSON.stringify({ ok: req.url !== "/missing", echo: body }));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		loopback = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		// A live server cannot reach localhost: the backend is on the internet under a public name.
		base = publish(loopback, "api.classroom.example.test");
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it("performs real requests to a published host, with secrets usable in headers", async () => {
		const place = await startEmptyPlace();
		place.universe.setSecret("backend_key", "s3cret");
		const response = await place.eval<Record<string, unknown>>(`
			local HttpService = game:GetService("HttpService")
			local key = HttpService:GetSecret("backend_key")
			local res = HttpService:RequestAsync({
				Url = "${base}/heartbeat",
				Method = "POST",
				Headers = { ["Content-Type"] = "application/json", Authorization = key:AddPrefix("Bearer ") },
				Body = HttpService:JSONEncode({ placeId = 7 }),
			})
			return { success = res.Success, status = res.StatusCode, body = HttpService:JSONDecode(res.Body), secretText = tostring(key) }
		`);
		expect(response).toEqual({ success: true, status: 200, body: { ok: true, echo: '{"placeId":7}' }, secretText: "Secret" });
		expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/heartbeat", auth: "Bearer s3cret" });
	});

	it("reports non-2xx as unsuccessful responses, and GetAsync raises on them", async () => {
		const place = await startEmptyPlace();
		const result = await place.eval(`
			local HttpService = game:GetService("HttpService")
			local res = HttpService:RequestAsync({ Url = "${base}/missing" })
			local ok, err = pcall(HttpService.GetAsync, HttpService, "${base}/missing")
			return { res.Success, res.StatusCode, ok, err }
		`);
		expect(result).toEqual([false, 404, false, expect.stringContaining("HTTP 404 (Not Found)")]);
	});

	it("refuses localhost outside Studio, locked headers and unknown secrets; an unpublished .test host does not resolve", async () => {
		const place = await startEmptyPlace();
		const errors = await place.eval<string[]>(`
			local HttpService = game:GetService("HttpService")
			local _, a = pcall(HttpService.GetAsync, HttpService, "${loopback}/")
			local _, b = pcall(HttpService.RequestAsync, HttpService, { Url = "http://localhost:1/" })
			local _, c = pcall(HttpService.RequestAsync, HttpService, { Url = "${base}/", Headers = { ["User-Agent"] = "classroom" } })
			local _, d = pcall(HttpService.GetAsync, HttpService, "${base}/", false, { Host = "evil.example" })
			local _, e = pcall(HttpService.PostAsync, HttpService, "${base}/", "{}", Enum.HttpContentType.ApplicationJson, false, { ["Content-Type"] = "text/plain" })
			local _, f = pcall(HttpService.GetSecret, HttpService, "nope")
			local _, g = pcall(HttpService.GetAsync, HttpService, "https://nobody.example.test/")
			return { a, b, c, d, e, f, g }
		`);
		expect(errors).toEqual([
			expect.stringContaining("Http requests can not be sent to localhost"),
			expect.stringContaining("Http requests can not be sent to localhost"),
			expect.stringContaining('Header "User-Agent" is not allowed!'),
			expect.stringContaining('Header "Host" is not allowed!'),
			expect.stringContaining('Header "Content-Type" is not allowed!'),
			expect.stringContaining("Can't find secret with given key"),
			expect.stringContaining("HttpError: DnsResolve"),
		]);
		await expect(place.eval(`return game.HttpService:GetAsync("https://example.com/")`)).rejects.toThrow(/no route to https:\/\/example\.com/);
	});

	it("reaches localhost from a Studio play test", async () => {
		const place = await startEmptyPlace({ studio: true });
		expect(await place.eval(`return game.HttpService:JSONDecode(game.HttpService:GetAsync("${loopback}/studio")).ok`)).toBe(true);
	});

	it("lets virtual time pass while a request is in flight, drawn from a seeded distribution", async () => {
		const timed = (place: Awaited<ReturnType<typeof startEmptyPlace>>) =>
			place.eval<number[]>(`
				local took = {}
				for i = 1, 5 do
					local started = os.clock()
					game.HttpService:GetAsync("${base}/timed")
					table.insert(took, os.clock() - started)
				end
				return took
			`);
		const took = await timed(await startEmptyPlace({ seed: 5 }));
		expect(Math.min(...took)).toBeGreaterThan(0);
		expect(new Set(took).size).toBeGreaterThan(1);
		expect(await timed(await startEmptyPlace({ seed: 5 }))).toEqual(took);
		expect(await timed(await startEmptyPlace({ latency: false }))).toEqual([0, 0, 0, 0, 0]);
	});

	it("enforces 500 requests per minute: the 501st stalls, then fails after 30 seconds", async () => {
		const place = await startEmptyPlace();
		const before = seen.length;
		await place.eval(`
			local HttpService = game:GetService("HttpService")
			for i = 1, 500 do
				task.spawn(HttpService.GetAsync, HttpService, "${base}/burst")
			end
		`);
		expect(seen.length - before).toBe(500);
		expect(await place.httpBudget()).toBe(0);
		await place.eval(`
			task.spawn(function()
				local HttpService = game:GetService("HttpService")
				local ok, err = pcall(HttpService.GetAsync, HttpService, "${base}/one-more")
				_G.late = { ok = ok, err = err, at = time() }
			end)
		`);
		await place.advance(29);
		expect(await place.eval(`return _G.late`)).toBeUndefined();
		await place.advance(2);
		expect(await place.eval(`return _G.late`)).toEqual({ ok: false, err: expect.stringContaining("Number of requests exceeded limit"), at: 30 });
		expect(seen.some((s) => s.url === "/one-more")).toBe(false);
	});

	it("lets a stalled request through once the rolling minute frees a slot", async () => {
		const place = await startEmptyPlace();
		await place.eval(`for i = 1, 500 do task.spawn(game.HttpService.GetAsync, game.HttpService, "${base}/early") end`);
		await place.advance(45);
		await place.eval(`task.spawn(function() _G.body = game.HttpService:GetAsync("${base}/after-stall") _G.at = time() end)`);
		await place.advance(17);
		// The slot frees at 60 s; the response then takes its latency.
		const at = await place.eval<number>(`return _G.at`);
		expect(at).toBeGreaterThanOrEqual(60);
		expect(at).toBeLessThan(61.6);
		expect(seen.some((s) => s.url === "/after-stall")).toBe(true);
	});

	it("requires HttpEnabled", async () => {
		const place = await startEmptyPlace();
		const err = await place.eval(`game.HttpService.HttpEnabled = false local _, e = pcall(game.HttpService.GetAsync, game.HttpService, "${base}/") return e`);
		expect(err).toContain("Http requests are not enabled");
	});

	it("encodes JSON and makes GUIDs like Roblox", async () => {
		const place = await startEmptyPlace();
		const [json, guid, bare] = await place.eval<[string, string, string]>(
			`local H = game:GetService("HttpService") return { H:JSONEncode({ list = { 1, 2 }, name = "q" }), H:GenerateGUID(), H:GenerateGUID(false) }`,
		);
		expect(JSON.parse(json)).toEqual({ list: [1, 2], name: "q" });
		expect(guid).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/);
		expect(bare).toMatch(/^[0-9A-F]{8}-/);
	});
});
