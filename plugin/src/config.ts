/** The OAuth client id the server knows this plugin by (server: roblox/device/clients.ts). */
export const CLIENT_ID = "classroom-studio-plugin";
/** Where `npm start` serves the backend. */
export const DEFAULT_SERVER_URL = "http://127.0.0.1:8009";
export const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
/** The lesson layout this plugin builds (attribute ClassroomSchemaVersion on every inserted instance). */
export const SCHEMA_VERSION = 1;
/** CollectionService tag on the roots of an inserted lesson; "Update lesson" finds them by it. */
export const LESSON_TAG = "ClassroomLesson";
/** Tag on every instance an inserted lesson consists of. */
export const NODE_TAG = "ClassroomLessonNode";
export const STAGES = [
	"greeting",
	"discovery",
	"requirements",
	"personalization",
	"content_design",
	"uniqueness_enhancement",
	"validation",
	"generation",
] as const;
