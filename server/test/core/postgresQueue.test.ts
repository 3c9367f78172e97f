import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * postgres.js keeps its connections (open, busy, full) and waiting queries in this Queue. As
 * published (3.4.9) a queue that shift() never empties grew by one hole per query and remove()
 * scanned them all, so a server's queries got slower the longer it ran under load (bench: GET
 * /v2/health fell from 10.8k to 6.4k req/s over four 6 s rounds). patches/postgres+3.4.9.patch
 * fixes it; these tests fail on the unpatched file. The internal array is watched through a
 * subclass of Array: Queue copies its initial array with slice(), which keeps the subclass.
 */
type Queue<T> = { readonly length: number; push(x: T): T; shift(): T | undefined; remove(x: T): T | null };

class Watched<T> extends Array<T> {
	static made: Watched<unknown>[] = [];
	constructor(...args: number[]) {
		super(...(args as []));
		Watched.made.push(this as Watched<unknown>);
	}
}

async function queueModule(): Promise<<T>(initial?: T[]) => Queue<T>> {
	const entry = createRequire(import.meta.url).resolve("postgres");
	const file = join(dirname(entry), "queue.js");
	const module = (await import(pathToFileURL(file).href)) as { default: <T>(initial?: T[]) => Queue<T> };
	return module.default;
}

describe("postgres.js connection queue (patched)", () => {
	it("keeps its array bounded when shift() never empties it (idle connections after a burst)", async () => {
		const Queue = await queueModule();
		Watched.made = [];
		const connections = Array.from({ length: 10 }, (_, i) => ({ id: i }));
		const open = Queue(Watched.from(connections));
		// Each query takes the first idle connection and puts it back when done; nine stay idle.
		for (let query = 0; query < 100_000; query++) {
			const connection = open.shift()!;
			expect(open.remove(connection)).toBeNull(); // already out of the queue (move() tries)
			open.push(connection);
		}
		expect(open.length).toBe(10);
		const internal = Watched.made.filter((array) => array.length > 0);
		expect(Math.max(...internal.map((array) => array.length))).toBeLessThanOrEqual(20);
	});

	it("is still a FIFO queue whose remove() takes an element out wherever it is", async () => {
		const Queue = await queueModule();
		const queue = Queue<string>(["a", "b"]);
		queue.push("c");
		queue.push("d");
		expect(queue.shift()).toBe("a");
		expect(queue.remove("c")).toBe("c");
		expect(queue.remove("a")).toBeNull();
		expect(queue.remove("zzz")).toBeNull();
		expect(queue.length).toBe(2);
		expect([queue.shift(), queue.shift(), queue.shift()]).toEqual(["b", "d", undefined]);
		expect(queue.length).toBe(0);
		queue.push("e");
		expect(queue.length).toBe(1);
		expect(queue.shift()).toBe("e");
	});
});
