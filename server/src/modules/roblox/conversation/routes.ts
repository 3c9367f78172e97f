import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal, requireUser } from "../../../http/authenticate.js";
import type { GenerationService } from "../generation/service.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, SessionId, security } from "../schema.js";
import type { ConversationService } from "./service.js";
import { STAGES } from "./stages.js";

const Difficulty = Type.Union([Type.Literal("easy"), Type.Literal("medium"), Type.Literal("hard")]);
const Stage = Type.Union(STAGES.map((s) => Type.Literal(s)));
const Short = (max = 100) => Type.String({ minLength: 1, maxLength: max });

const StartBody = Type.Object(
	{
		user_id: Type.Optional(Type.String({ maxLength: 128, description: "Ignored: the session belongs to the authenticated caller" })),
		initial_message: Type.Optional(Type.String({ maxLength: 4000 })),
		context: Type.Optional(
			Type.Object(
				{
					grade_level: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
					subject: Type.Optional(Short()),
					learning_objectives: Type.Optional(Type.Array(Short(300), { maxItems: 20 })),
					environment_type: Type.Optional(Short(50)),
					interactive_elements: Type.Optional(Type.Array(Short(50), { maxItems: 10 })),
					difficulty: Type.Optional(Difficulty),
					theme: Type.Optional(Short(50)),
				},
				{ additionalProperties: false },
			),
		),
	},
	{ additionalProperties: false },
);

const StartResponse = Type.Object({
	session_id: Type.String(),
	current_stage: Stage,
	stage_number: Type.Integer(),
	total_stages: Type.Integer(),
	message: Type.String(),
	pusher_channel: Type.String(),
	created_at: Type.String(),
});

const InputBody = Type.Object(
	{
		session_id: SessionId,
		user_input: Type.String({ minLength: 1, maxLength: 4000 }),
		metadata: Type.Optional(Type.Object({ input_type: Type.Optional(Short(20)), timestamp: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false })),
	},
	{ additionalProperties: false },
);

const SessionState = {
	session_id: Type.String(),
	current_stage: Stage,
	stage_number: Type.Integer(),
	total_stages: Type.Integer(),
	collected: Type.Record(Type.String(), Type.Unknown()),
	missing: Type.Array(Type.String()),
	pusher_channel: Type.String(),
};

const InputResponse = Type.Object({ ...SessionState, previous_stage: Stage, stage_changed: Type.Boolean(), message: Type.String() });

const SessionResponse = Type.Object({
	...SessionState,
	history: Type.Array(Type.Object({ role: Type.String(), text: Type.String(), at: Type.String() })),
	created_at: Type.String(),
	updated_at: Type.String(),
});

const GenerateBody = Type.Object(
	{
		session_id: SessionId,
		requirements: Type.Optional(
			Type.Object(
				{ environment_type: Type.Optional(Short(50)), interactive_elements: Type.Optional(Type.Array(Short(50), { maxItems: 10 })), difficulty: Type.Optional(Difficulty) },
				{ additionalProperties: false },
			),
		),
	},
	{ additionalProperties: false },
);

const GenerateResponse = Type.Object({
	generation_id: Type.String(),
	project_id: Type.String(),
	status: Type.Literal("in_progress"),
	estimated_time: Type.Integer(),
	pusher_channel: Type.String(),
});

const GenerationResponse = Type.Object({
	generation_id: Type.String(),
	session_id: Type.String(),
	project_id: Type.String(),
	status: Type.Union([Type.Literal("in_progress"), Type.Literal("completed"), Type.Literal("failed")]),
	progress: Type.Integer(),
	content_id: Type.Union([Type.String(), Type.Null()]),
	error: Type.Union([Type.String(), Type.Null()]),
	created_at: Type.String(),
	completed_at: Type.Union([Type.String(), Type.Null()]),
});

const tags = ["roblox-conversation"];

/** /conversation: the 8-stage lesson design dialogue and its generation. */
export const conversationRoutes = (deps: { conversations: ConversationService; generations: GenerationService }): FastifyPluginAsyncTypebox =>
	async (app) => {
		const { conversations, generations } = deps;

		app.post(
			"/start",
			{
				preHandler: requireUser(),
				config: RATE.dataOperations,
				schema: {
					tags,
					summary: "Start a lesson-design conversation (stage greeting)",
					description: "Facts in `context` and in `initial_message` are kept; the conversation still starts at greeting. `user_id` is ignored (the caller owns the session).",
					security,
					body: StartBody,
					response: { 201: StartResponse, 400: ErrorResponse },
				},
			},
			async (request, reply) => reply.code(201).send(await conversations.start(request, principal(request), request.body)),
		);

		app.post(
			"/input",
			{
				preHandler: requireUser(),
				config: RATE.dataOperations,
				schema: {
					tags,
					summary: "Send the teacher's next message",
					description:
						"Rule-based extraction (no LLM needed). The conversation moves past a stage only when its facts are known: greeting (any reply), discovery (subject, grade_level), requirements (learning_objectives), personalization (theme, or \"no theme\"), content_design (environment_type, interactive_elements), uniqueness_enhancement (difficulty), validation (an explicit yes). `missing` lists what the current stage still needs; `message` asks for it. Each stage passed raises stage-changed. Only what can be built is accepted (conversation/offer.ts): without a language model (LLM_BASE_URL) a subject other than mathematics, science, geography or language arts is answered at discovery with what can be built and not kept; bank subjects say how many questions the bank has for the grade, objectives the bank has no topic for are said (with its topics) instead of substituted, and larger question counts are lowered with a note; themes, environments and activities must be in the worlds catalogue (content/worlds/catalogue.ts) and suit the subject, anything else is named as not built.",
					security,
					body: InputBody,
					response: { 200: InputResponse, 400: ErrorResponse, 404: ErrorResponse },
				},
			},
			(request) => conversations.input(principal(request), request.body.session_id, request.body.user_input),
		);

		app.post(
			"/generate",
			{
				preHandler: requireUser(),
				config: RATE.contentGeneration,
				schema: {
					tags,
					summary: "Generate the lesson and its Rojo project (a background job)",
					description:
						"`requirements` fill in facts. 400 INVALID_REQUEST with details.missing when subject, grade_level, learning_objectives, environment_type, interactive_elements or difficulty is still unknown, or naming the refused fact when requirements ask for something not built; 400 UNSUPPORTED_SUBJECT when the session's subject has no question source here (e.g. history without a language model); 409 while a generation of this session is running. Progress arrives as generation-progress / generation-complete / error-occurred on `pusher_channel` (and the conversation channel), and at GET /conversation/generations/{generation_id}.",
					security,
					body: GenerateBody,
					response: { 202: GenerateResponse, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
				},
			},
			async (request, reply) => reply.code(202).send(await generations.generate(request, principal(request), request.body)),
		);

		app.get(
			"/generations/:generation_id",
			{
				preHandler: requireUser(),
				config: RATE.analytics,
				schema: { tags, summary: "A generation's status", security, params: Type.Object({ generation_id: Type.String({ pattern: "^gen_[0-9a-f]{24}$" }) }), response: { 200: GenerationResponse, 404: ErrorResponse } },
			},
			(request) => generations.status(principal(request), request.params.generation_id),
		);

		app.get(
			"/:session_id",
			{
				preHandler: requireUser(),
				config: RATE.dataOperations,
				schema: { tags, summary: "A conversation's state and history", security, params: Type.Object({ session_id: SessionId }), response: { 200: SessionResponse, 404: ErrorResponse } },
			},
			(request) => conversations.get(principal(request), request.params.session_id),
		);
	};
