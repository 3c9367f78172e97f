import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { SignJWT } from "jose";
import { PASSWORD, startTestApp, type TestApp } from "../../../server/test/helpers/testApp";

export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), "../../dist");

export interface Backend {
	app: TestApp;
	url: string;
	teacher: { id: string; email: string; password: string; schoolId: string };
	/** A correctly signed access token of the teacher that expired a minute ago. */
	expiredAccessToken(): Promise<string>;
	close(): Promise<void>;
}

/**
 * The real backend (server/src on an embedded PGlite) listening on a loopback port and serving
 * the built app at /, with one school and its teacher.
 */
export async function startBackend(options: { clock?: () => number; env?: Record<string, string> } = {}): Promise<Backend> {
	if (!existsSync(join(WEB_DIST, "index.html"))) throw new Error(`The teacher app is not built (${WEB_DIST}): run npm run build -w web`);
	const app = await startTestApp({ WEB_DIST_DIR: WEB_DIST, ...options.env }, { clock: options.clock });
	await app.app.listen({ port: 0, host: "127.0.0.1" });
	const { port } = app.app.server.address() as AddressInfo;
	const school = await app.createSchool("Hillside Primary");
	const email = "ms.rivera@hillside.test";
	const teacher = await app.createUser({ role: "teacher", schoolId: school.id, email, username: "msrivera" });
	return {
		app,
		url: `http://127.0.0.1:${port}`,
		teacher: { id: teacher.id, email, password: PASSWORD, schoolId: school.id },
		async expiredAccessToken() {
			const now = Math.floor(Date.now() / 1000);
			return new SignJWT({ role: "teacher", sch: school.id, tier: "standard" })
				.setProtectedHeader({ alg: "HS256" })
				.setSubject(teacher.id)
				.setIssuedAt(now - 1000)
				.setExpirationTime(now - 60)
				.sign(new TextEncoder().encode(app.config.JWT_SECRET!));
		},
		close: () => app.close(),
	};
}
