import { eq, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { FastifyRequest } from "fastify";
import type { Database, Db, Tx } from "../../../db/client.js";
import { rowsOf } from "../../../db/rows.js";
import { users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import type { Principal } from "../../../http/tokens.js";
import { insertNotification } from "../notifications/service.js";
import { notifications } from "../notifications/tables.js";
import { checkRecipient } from "./service.js";
import { messages } from "./tables.js";

type MessageRow = typeof messages.$inferSelect;
type NotificationRow = typeof notifications.$inferSelect;

export interface SendInput {
	recipientId: string;
	subject: string;
	body: string;
	createdAt: Date;
}

export interface Sent {
	message: MessageRow;
	notification: NotificationRow;
	names: { sender: string | null; recipient: string | null };
}

/**
 * Sends a message: in one statement (sendInOneStatement) when the rules allow it, which they
 * nearly always do; else statement by statement (sendChecked), which throws the refusal's 404 or
 * 403, or writes after all should the recipient have become reachable in between. On PGlite the
 * statement still goes through the write queue (bounded wait, grouped commits).
 */
export async function sendMessage(database: Database, request: FastifyRequest, sender: Principal, input: SendInput): Promise<Sent> {
	const { db } = database;
	const sent = database.kind === "postgres" ? await sendInOneStatement(db, request, sender, input) : await db.transaction((tx) => sendInOneStatement(tx, request, sender, input));
	return sent ?? (await db.transaction((tx) => sendChecked(tx, request, sender, input)));
}

/**
 * One statement, one round trip: the recipient rules of checkRecipient (service.ts), the
 * sender's name, the message, the recipient's notification and the audit entry, as
 * data-modifying CTEs. A single statement is atomic on its own, so on PostgreSQL it needs no
 * BEGIN/COMMIT. Undefined when the rules refuse the recipient (or there is none): nothing was
 * written. The rules here must never allow more than checkRecipient does; messageRules.test.ts
 * holds them equal.
 */
export async function sendInOneStatement(db: Db | Tx, request: FastifyRequest, sender: Principal, input: SendInput): Promise<Sent | undefined> {
	const prepared = db._.session.prepareQuery(SEND_QUERY, undefined, undefined, false);
	const [row] = rowsOf<SentRow>(await prepared.execute(sendValues(request, sender, input)));
	if (!row) return undefined;
	return {
		message: {
			id: row.m_id,
			schoolId: row.m_school_id,
			senderId: row.m_sender_id,
			recipientId: row.m_recipient_id,
			subject: row.m_subject,
			body: row.m_body,
			readAt: timestamp(row.m_read_at),
			createdAt: timestamp(row.m_created_at)!,
		},
		notification: {
			id: row.n_id,
			userId: row.n_user_id,
			type: row.n_type,
			title: row.n_title,
			body: row.n_body,
			data: notifications.data.mapFromDriverValue(row.n_data) as Record<string, unknown>,
			readAt: timestamp(row.n_read_at),
			createdAt: timestamp(row.n_created_at)!,
		},
		names: { sender: row.sender_name, recipient: row.recipient_name },
	};
}

/**
 * The rules' answer alone, nothing written: the school a message from `sender` to `recipientId`
 * would belong to, or undefined when refused. For holding the SQL rules equal to checkRecipient.
 */
export async function messageSchool(db: Db | Tx, sender: Principal, recipientId: string): Promise<string | undefined> {
	const prepared = db._.session.prepareQuery(SCHOOL_QUERY, undefined, undefined, false);
	const [row] = rowsOf<{ school_id: string | null }>(await prepared.execute(inputValues(sender, recipientId)));
	return row?.school_id ?? undefined;
}

/**
 * Statement by statement, each rule in JavaScript (checkRecipient): the path for a refused
 * recipient, which throws its 404 or 403. Writes what sendInOneStatement writes.
 */
export async function sendChecked(tx: Tx, request: FastifyRequest, me: Principal, input: SendInput): Promise<Sent> {
	const { recipient, schoolId } = await checkRecipient(tx, me, input.recipientId);
	const [sender] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, me.id));
	const [message] = await tx
		.insert(messages)
		.values({ schoolId, senderId: me.id, recipientId: recipient.id, subject: input.subject, body: input.body, createdAt: input.createdAt })
		.returning();
	const notification = await insertNotification(tx, recipient.id, {
		type: "message",
		title: `New message from ${sender?.displayName ?? "a user"}`,
		body: input.subject || input.body.slice(0, 140),
		data: { message_id: message.id, sender_id: me.id },
	});
	await audit(tx, request, { action: "message.send", targetType: "message", targetId: message.id, details: { recipient_id: recipient.id } });
	return { message, notification, names: { sender: sender?.displayName ?? null, recipient: recipient.displayName } };
}

/** The `input` CTE the rules read: who sends (as their access token says), to whom. */
const INPUT = sql`input as (select ${sql.placeholder("sender")}::uuid as sender, ${sql.placeholder("senderRole")}::text as sender_role,
	${sql.placeholder("senderSchool")}::uuid as sender_school, ${sql.placeholder("recipient")}::uuid as recipient)`;

function inputValues(sender: Principal, recipientId: string) {
	return { sender: sender.id, senderRole: sender.role, senderSchool: sender.schoolId, recipient: recipientId };
}

/** The recipient's row `u`, unless they cannot receive at all (gone, disabled, the sender). */
const RECIPIENT = "from input join users u on u.id = input.recipient and u.status = 'active' and u.id <> input.sender";

/**
 * The school a message from `input.sender` to the user row `u` belongs to, or null when the sender may
 * not write to `u` at all: SQL over `input` (sender, sender_role, sender_school) and a `users u`
 * row, the same rules as checkRecipient (service.ts), which also says why a refusal is one.
 * Family links first (they cross the school line), then the school's own rules.
 */
const MESSAGE_SCHOOL = `coalesce(
	case
		when input.sender_role = 'parent' and u.role = 'student' then
			case when u.school_id is not null and exists (select 1 from guardianships g where g.parent_id = input.sender and g.student_id = u.id) then u.school_id end
		when input.sender_role = 'parent' and u.role = 'teacher' then
			(select c.school_id from classes c join enrollments e on e.class_id = c.id join guardianships g on g.student_id = e.user_id
				where c.teacher_id = u.id and g.parent_id = input.sender limit 1)
		when input.sender_role = 'teacher' and u.role = 'parent' then
			(select c.school_id from classes c join enrollments e on e.class_id = c.id join guardianships g on g.student_id = e.user_id
				where c.teacher_id = input.sender and g.parent_id = u.id limit 1)
	end,
	case when u.school_id is not null
		and ((input.sender_role = 'admin' and input.sender_school is null) or u.school_id = input.sender_school)
		and (input.sender_role <> 'student' or exists (select 1 from classes c join enrollments e on e.class_id = c.id where c.teacher_id = u.id and e.user_id = input.sender))
		and (input.sender_role <> 'parent' or u.role in ('teacher', 'admin') or exists (select 1 from guardianships g where g.parent_id = input.sender and g.student_id = u.id))
	then u.school_id end
)`;

/** The writes, reading `input` and `extra` (the values of one send). */
const SEND_REST = `r as (
		select u.id, u.display_name, ${MESSAGE_SCHOOL} as school_id ${RECIPIENT}
	),
	s as (select (select display_name from users where id = input.sender) as name from input),
	m as (
		insert into messages (school_id, sender_id, recipient_id, subject, body, created_at)
		select r.school_id, input.sender, r.id, extra.subject, extra.body, extra.created_at from r, input, extra where r.school_id is not null
		returning *
	),
	n as (
		insert into notifications (user_id, type, title, body, data)
		select m.recipient_id, 'message', 'New message from ' || coalesce(s.name, 'a user'), extra.preview,
			jsonb_build_object('message_id', m.id, 'sender_id', input.sender::text)
		from m, s, input, extra
		returning *
	),
	a as (
		insert into audit_log (actor_id, actor_kind, school_id, action, target_type, target_id, details, request_id, ip)
		select extra.actor_id, extra.actor_kind, extra.actor_school, 'message.send', 'message', m.id::text, jsonb_build_object('recipient_id', m.recipient_id), extra.request_id, extra.ip
		from m, extra
	)
	select m.id as m_id, m.school_id as m_school_id, m.sender_id as m_sender_id, m.recipient_id as m_recipient_id, m.subject as m_subject, m.body as m_body,
		m.read_at as m_read_at, m.created_at as m_created_at,
		n.id as n_id, n.user_id as n_user_id, n.type as n_type, n.title as n_title, n.body as n_body, n.data as n_data, n.read_at as n_read_at, n.created_at as n_created_at,
		s.name as sender_name, r.display_name as recipient_name
	from m, n, s, r`;

/** Built once (drizzle would build the SQL text on every request); each send only fills in the values. */
const dialect = new PgDialect();
const SEND_QUERY = dialect.sqlToQuery(sql`with ${INPUT},
	extra as (select ${sql.placeholder("subject")}::text as subject, ${sql.placeholder("body")}::text as body,
		${sql.placeholder("createdAt")}::timestamptz as created_at, ${sql.placeholder("preview")}::text as preview,
		${sql.placeholder("actorId")}::text as actor_id, ${sql.placeholder("actorKind")}::text as actor_kind, ${sql.placeholder("actorSchool")}::uuid as actor_school,
		${sql.placeholder("requestId")}::text as request_id, ${sql.placeholder("ip")}::text as ip),
	${sql.raw(SEND_REST)}`);
const SCHOOL_QUERY = dialect.sqlToQuery(sql`with ${INPUT} select ${sql.raw(MESSAGE_SCHOOL)} as school_id ${sql.raw(RECIPIENT)}`);

/**
 * The values of the write statement's placeholders; the audit entry is the one http/audit.ts's
 * audit() would write (messageRules.test.ts compares the two paths' rows). One flat literal:
 * spreading inputValues() into it cost ~9 us of CPU a call.
 */
function sendValues(request: FastifyRequest, sender: Principal, input: SendInput): Record<string, unknown> {
	const user = request.user;
	return {
		sender: sender.id,
		senderRole: sender.role,
		senderSchool: sender.schoolId,
		recipient: input.recipientId,
		subject: input.subject,
		body: input.body,
		createdAt: input.createdAt.toISOString(),
		preview: input.subject || input.body.slice(0, 140),
		actorId: user ? user.id : null,
		actorKind: user ? "user" : "system",
		actorSchool: user?.schoolId ?? null,
		requestId: request.id,
		ip: request.ip ?? null,
	};
}

/** A row of the write statement, as either driver hands it over (timestamps as text, jsonb parsed). */
interface SentRow {
	m_id: string;
	m_school_id: string;
	m_sender_id: string;
	m_recipient_id: string;
	m_subject: string;
	m_body: string;
	m_read_at: string | null;
	m_created_at: string;
	n_id: string;
	n_user_id: string;
	n_type: string;
	n_title: string;
	n_body: string;
	n_data: unknown;
	n_read_at: string | null;
	n_created_at: string;
	sender_name: string | null;
	recipient_name: string | null;
}

/** Both drivers hand timestamps over as text (drizzle sets them so); read as drizzle reads a timestamptz column. */
function timestamp(value: string | null): Date | null {
	return value === null ? null : (messages.createdAt.mapFromDriverValue(value) as Date);
}
