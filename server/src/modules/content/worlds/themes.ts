import type { LessonContent, SceneObject } from "../types.js";
import type { ThemeId } from "./catalogue.js";

/**
 * How each catalogue theme looks: the lesson's terrain record, the Lighting service's
 * properties (Rojo `$properties`, Roblox names and units), the ground, the colour of activity
 * stations, and a few props. Props stand outside the play area (the ring beyond 54 studs and
 * the corners), so they never block a board, chest or gate.
 */
export interface ThemeLook {
	terrain: LessonContent["terrain"];
	/** Lighting service properties: Color3 as [r, g, b] in 0..1. */
	lighting: Record<string, number | boolean | [number, number, number]>;
	ground: { material: string; color: [number, number, number] };
	/** Colour of stations (chests, gates, boards) so they stand out from the ground. */
	accent: [number, number, number];
	props: SceneObject[];
}

export function themeLook(theme: ThemeId): ThemeLook {
	return LOOKS[theme];
}

/** Lighting properties for a lesson's terrain type (a theme id), classroom's when unknown. */
export function lightingFor(terrainType: string): ThemeLook["lighting"] {
	return (LOOKS as Record<string, ThemeLook>)[terrainType]?.lighting ?? LOOKS.classroom.lighting;
}

const prop = (name: string, position: [number, number, number], size: [number, number, number], material: string, color: [number, number, number], shape?: "Ball" | "Cylinder"): SceneObject => ({
	type: "prop",
	position,
	properties: { name, size, material, rgb: color, ...(shape ? { shape } : {}) },
});

/** Four copies of a prop at the corners of the play area. */
const corners = (name: string, y: number, size: [number, number, number], material: string, color: [number, number, number], shape?: "Ball" | "Cylinder"): SceneObject[] =>
	[
		[-56, 56],
		[56, 56],
		[-56, -56],
		[56, -56],
	].map(([x, z]) => prop(name, [x, y, z], size, material, color, shape));

const LOOKS: Record<ThemeId, ThemeLook> = {
	classroom: {
		terrain: { type: "classroom", materials: ["wood", "concrete"], lighting: "bright" },
		lighting: { ClockTime: 13, Brightness: 2, Ambient: [0.55, 0.55, 0.55], OutdoorAmbient: [0.6, 0.6, 0.6], FogEnd: 100000, GlobalShadows: true },
		ground: { material: "WoodPlanks", color: [0.72, 0.56, 0.38] },
		accent: [0.2, 0.35, 0.8],
		props: [
			prop("WallBack", [0, 8, -60], [120, 16, 1], "Brick", [0.85, 0.82, 0.75]),
			prop("WallLeft", [-60, 8, 0], [1, 16, 120], "Brick", [0.85, 0.82, 0.75]),
			prop("WallRight", [60, 8, 0], [1, 16, 120], "Brick", [0.85, 0.82, 0.75]),
			...corners("Bookshelf", 4, [6, 8, 2], "Wood", [0.45, 0.3, 0.15]),
		],
	},
	space: {
		terrain: { type: "space", materials: ["basalt", "slate"], lighting: "night" },
		lighting: { ClockTime: 0, Brightness: 1, Ambient: [0.35, 0.35, 0.45], OutdoorAmbient: [0.3, 0.3, 0.4], FogEnd: 100000, GlobalShadows: true },
		ground: { material: "Basalt", color: [0.42, 0.42, 0.45] },
		accent: [0.95, 0.6, 0.15],
		props: [
			prop("Rocket", [-56, 14, -56], [6, 28, 6], "Metal", [0.9, 0.9, 0.92], "Cylinder"),
			prop("RocketNose", [-56, 30, -56], [6, 6, 6], "Metal", [0.85, 0.2, 0.2], "Ball"),
			prop("Planet", [60, 40, -80], [30, 30, 30], "Slate", [0.75, 0.45, 0.25], "Ball"),
			...corners("Crater", 0.2, [12, 0.6, 12], "Slate", [0.3, 0.3, 0.32], "Cylinder").slice(1),
		],
	},
	ocean: {
		terrain: { type: "ocean", materials: ["sand", "water", "rock"], lighting: "dim" },
		lighting: { ClockTime: 12, Brightness: 1.2, Ambient: [0.25, 0.45, 0.55], OutdoorAmbient: [0.2, 0.45, 0.55], FogColor: [0.1, 0.35, 0.5], FogStart: 20, FogEnd: 260, GlobalShadows: true },
		ground: { material: "Sand", color: [0.85, 0.78, 0.55] },
		accent: [0.95, 0.45, 0.55],
		props: [
			...corners("Coral", 3, [4, 6, 4], "SmoothPlastic", [0.95, 0.45, 0.5], "Ball"),
			prop("Kelp", [-58, 9, 10], [1.5, 18, 1.5], "Grass", [0.2, 0.5, 0.25], "Cylinder"),
			prop("Kelp", [58, 9, -10], [1.5, 18, 1.5], "Grass", [0.2, 0.5, 0.25], "Cylinder"),
			prop("Shipwreck", [0, 4, 64], [30, 8, 10], "WoodPlanks", [0.4, 0.28, 0.15]),
			prop("Rock", [-30, 2, 62], [8, 4, 6], "Rock", [0.45, 0.45, 0.4]),
		],
	},
	forest: {
		terrain: { type: "forest", materials: ["grass", "ground", "rock"], lighting: "daylight" },
		lighting: { ClockTime: 14, Brightness: 2.5, Ambient: [0.45, 0.5, 0.4], OutdoorAmbient: [0.5, 0.55, 0.45], FogEnd: 100000, GlobalShadows: true },
		ground: { material: "Grass", color: [0.3, 0.55, 0.25] },
		accent: [0.85, 0.55, 0.2],
		props: [
			...corners("TreeTrunk", 7, [3, 14, 3], "Wood", [0.4, 0.26, 0.13], "Cylinder"),
			...corners("TreeCrown", 17, [12, 10, 12], "Grass", [0.18, 0.45, 0.2], "Ball"),
			prop("Boulder", [0, 3, 62], [10, 6, 8], "Rock", [0.5, 0.5, 0.48]),
		],
	},
	castle: {
		terrain: { type: "castle", materials: ["cobblestone", "brick"], lighting: "daylight" },
		lighting: { ClockTime: 16, Brightness: 2, Ambient: [0.5, 0.45, 0.4], OutdoorAmbient: [0.5, 0.48, 0.45], FogEnd: 100000, GlobalShadows: true },
		ground: { material: "Cobblestone", color: [0.55, 0.55, 0.52] },
		accent: [0.6, 0.15, 0.2],
		props: [
			prop("WallBack", [0, 10, -60], [120, 20, 4], "Brick", [0.6, 0.58, 0.55]),
			prop("WallLeft", [-60, 10, 0], [4, 20, 120], "Brick", [0.6, 0.58, 0.55]),
			prop("WallRight", [60, 10, 0], [4, 20, 120], "Brick", [0.6, 0.58, 0.55]),
			...corners("Tower", 15, [12, 30, 12], "Brick", [0.55, 0.53, 0.5], "Cylinder"),
			prop("Banner", [0, 14, -57.5], [6, 10, 0.5], "Fabric", [0.6, 0.15, 0.2]),
		],
	},
	city: {
		terrain: { type: "city", materials: ["asphalt", "concrete"], lighting: "daylight" },
		lighting: { ClockTime: 15, Brightness: 2, Ambient: [0.5, 0.5, 0.52], OutdoorAmbient: [0.55, 0.55, 0.58], FogEnd: 100000, GlobalShadows: true },
		ground: { material: "Asphalt", color: [0.3, 0.3, 0.32] },
		accent: [0.95, 0.8, 0.2],
		props: [
			prop("Building", [-70, 20, -70], [24, 40, 24], "Concrete", [0.7, 0.68, 0.65]),
			prop("Building", [70, 30, -70], [24, 60, 24], "Glass", [0.55, 0.7, 0.85]),
			prop("Building", [-70, 15, 70], [24, 30, 24], "Brick", [0.65, 0.35, 0.3]),
			prop("Building", [70, 25, 70], [24, 50, 24], "Concrete", [0.8, 0.78, 0.7]),
			prop("Pavement", [0, 0.25, 58], [120, 0.5, 6], "Concrete", [0.75, 0.75, 0.75]),
		],
	},
	laboratory: {
		terrain: { type: "laboratory", materials: ["smooth_plastic", "metal", "glass"], lighting: "bright" },
		lighting: { ClockTime: 12, Brightness: 2.5, Ambient: [0.65, 0.68, 0.7], OutdoorAmbient: [0.6, 0.62, 0.65], FogEnd: 100000, GlobalShadows: true },
		ground: { material: "SmoothPlastic", color: [0.9, 0.9, 0.92] },
		accent: [0.15, 0.6, 0.55],
		props: [
			prop("WallBack", [0, 8, -60], [120, 16, 1], "SmoothPlastic", [0.95, 0.95, 0.97]),
			...corners("Bench", 2, [10, 4, 4], "Metal", [0.7, 0.72, 0.75]),
			prop("Flask", [-56, 5, 56], [2, 2, 2], "Glass", [0.4, 0.8, 0.6], "Ball"),
		],
	},
};
