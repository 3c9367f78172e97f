import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildServer } from "../server/scripts/build.mjs";
import { inputsHash, isUpToDate, stamp } from "../server/scripts/upToDate.mjs";

/**
 * `npm start`: the backend answers as soon as its own build is done (~0.5 s, skipped when
 * server/src is unchanged); the place (rbxtsc, out/) and the teacher app (vite, web/dist) are
 * built meanwhile in the background, each only when its inputs changed, at a lower CPU
 * priority than the server. The server serves web/dist as it appears (see webApp.ts), so a
 * first start does not wait ~15 s for the bundle. The server runs in this process (not a
 * child) so signals, exit codes and the DATA_DIR lock behave exactly as before; its working
 * directory is server/, as with `npm run start -w server`.
 *
 * The web build here is the bundle alone: typing the app against the API (generate-api, tsc)
 * is `npm run build -w web`'s job, run by `npm test`.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
const lock = ["package.json", "package-lock.json"];

const BACKGROUND_BUILDS = [
	{
		name: "place",
		inputs: ["src", "include", "tsconfig.json", "default.project.json", ...lock],
		stampFile: join(root, "out", ".inputs-hash"),
		command: [bin("rbxtsc"), "--verbose=false"],
		cwd: root,
		done: "place built (out/): rojo serve default.project.json",
	},
	{
		name: "teacher app",
		inputs: ["web/src", "web/index.html", "web/vite.config.ts", "web/tsconfig.json", "web/package.json", ...lock],
		stampFile: join(root, "web", "dist", ".inputs-hash"),
		command: [bin("vite"), "build", "--logLevel", "warn"],
		cwd: join(root, "web"),
		done: "teacher app built (web/dist/), served at /",
	},
];

await buildServer();
const pending = BACKGROUND_BUILDS.map(startIfStale).filter(Boolean);
process.on("exit", () => pending.forEach((child) => child.exitCode === null && child.kill()));

// As if started with `node dist/main.js start` in server/: WORKERS=N forks workers from
// process.argv[1] (node:cluster), which must be the server, not this script.
const main = join(root, "server", "dist", "main.js");
process.chdir(join(root, "server"));
process.argv.splice(1, process.argv.length, main, "start");
await import(pathToFileURL(main).href);

function startIfStale(build) {
	const hash = inputsHash(root, build.inputs);
	if (isUpToDate(build.stampFile, hash) && existsSync(dirname(build.stampFile))) return undefined;
	console.log(`building the ${build.name} in the background`);
	const [command, ...args] = build.command;
	const child = spawn(command, args, { cwd: build.cwd, stdio: ["ignore", "inherit", "inherit"], shell: process.platform === "win32" });
	try {
		setPriority(child.pid, 10);
	} catch {
		// Not permitted on some systems: the build then shares the CPU equally, still correct.
	}
	child.on("exit", (code) => {
		if (code === 0) {
			stamp(build.stampFile, hash);
			console.log(build.done);
		} else if (code !== null) console.error(`${build.name} build failed (exit ${code}); the API keeps running, fix the error and start again`);
	});
	return child;
}
