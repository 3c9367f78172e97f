import { PNG } from "pngjs";
import { expect } from "vitest";

/** What a screenshot must show: colours (as #rrggbb, with a share of pixels), and regions that must not be blank. */
export interface VisualExpectation {
	/** Colours that must cover at least `minShare` of the screenshot (within a small tolerance per channel). */
	colours?: Array<{ hex: string; minShare: number; what: string }>;
	/** Regions (fractions of width/height) that must hold content: more than one distinct colour. */
	busyRegions?: Array<{ x: number; y: number; w: number; h: number; what: string }>;
}

/**
 * The visual assertion on a screenshot: it is not blank (many colours, no single colour over 99%
 * of it), the expected colours are present and the named regions hold content.
 */
export function assertScreenshot(buffer: Buffer, expectation: VisualExpectation, name: string): void {
	const png = PNG.sync.read(buffer);
	const counts = new Map<number, number>();
	const total = png.width * png.height;
	for (let i = 0; i < png.data.length; i += 4) {
		const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	const dominant = Math.max(...counts.values()) / total;
	expect(counts.size, `${name}: distinct colours`).toBeGreaterThan(50);
	expect(dominant, `${name}: share of the most common colour`).toBeLessThan(0.99);
	for (const colour of expectation.colours ?? []) {
		const [r, g, b] = [1, 3, 5].map((o) => parseInt(colour.hex.slice(o, o + 2), 16));
		let near = 0;
		for (const [key, count] of counts) {
			if (Math.abs(((key >> 16) & 255) - r) <= 12 && Math.abs(((key >> 8) & 255) - g) <= 12 && Math.abs((key & 255) - b) <= 12) near += count;
		}
		expect(near / total, `${name}: share of ${colour.what} (${colour.hex})`).toBeGreaterThanOrEqual(colour.minShare);
	}
	for (const region of expectation.busyRegions ?? []) {
		const seen = new Set<number>();
		const x0 = Math.floor(region.x * png.width);
		const y0 = Math.floor(region.y * png.height);
		const x1 = Math.min(png.width, x0 + Math.floor(region.w * png.width));
		const y1 = Math.min(png.height, y0 + Math.floor(region.h * png.height));
		for (let y = y0; y < y1; y++) {
			for (let x = x0; x < x1; x++) {
				const i = (y * png.width + x) * 4;
				seen.add((png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2]);
			}
		}
		expect(seen.size, `${name}: ${region.what} holds content`).toBeGreaterThan(8);
	}
}
