import { Service } from "@flamework/core";
import { ClassroomApi } from "./ClassroomApi";
import { ClassroomConfig } from "./ClassroomConfig";

/**
 * Who may run a classroom. A teacher is a Roblox user linked to a teacher account: the teacher
 * signs in with Roblox through the backend's v1 OAuth flow (PKCE), which stores the Roblox user
 * id (`sub`) in users.roblox_user_id. A place asks the backend `GET /v2/roblox/teachers/{userId}`
 * (with its place key, so only teachers of the key's school count) when
 * `verifyTeachersWithBackend` is on; `teacherUserIds` in ServerStorage.ClassroomConfig is the
 * allow-list for Studio and for schools that manage it by hand. Answers are cached per server.
 */
@Service()
export class TeacherDirectory {
	private readonly known = new Map<number, boolean>();

	public constructor(
		private readonly config: ClassroomConfig,
		private readonly api: ClassroomApi,
	) {}

	/** Answers at once from the allow-list or cache; may be refined later by `verify`. */
	public isTeacher(userId: number): boolean {
		if (this.config.settings.teacherUserIds.includes(userId)) return true;
		return this.known.get(userId) ?? false;
	}

	/** Asks the backend (yields); call from a background thread when a player joins. */
	public verify(userId: number): boolean {
		if (this.isTeacher(userId) || !this.config.settings.verifyTeachersWithBackend) return this.isTeacher(userId);
		if (this.known.has(userId)) return this.known.get(userId)!;
		const result = this.api.isTeacher(userId);
		const teacher = result.ok && result.data?.isTeacher === true;
		// An unexpected reply is not an answer: ask again next time.
		if ((result.ok && !result.unexpected) || result.status === 404) this.known.set(userId, teacher);
		return teacher;
	}
}
