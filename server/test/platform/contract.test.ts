import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * Platform contract gaps found by following the spec as a client would: the spec's own lesson
 * example body, parents (who belong to no school) writing to their children's teachers, and
 * what students see of the people around them (display names only).
 */
let t: TestApp;
type U = { id: string; token: string; username: string };
let oneClassTeacher: U, twoClassTeacher: U, noClassTeacher: U, student: U, otherStudent: U, parent: U, strangerParent: U, otherTeacher: U;
let onlyClassId: string;

// The body of the spec's JavaScript example (specs/toolboxai-platform-api-v2.md, "Examples").
const SPEC_EXAMPLE = { title: "Math Lesson", content: "Algebra basics", subject: "Mathematics", grade_level: 8 };

beforeAll(async () => {
	t = await startTestApp();
	const school = await t.createSchool();
	oneClassTeacher = await t.createUser({ role: "teacher", schoolId: school.id });
	twoClassTeacher = await t.createUser({ role: "teacher", schoolId: school.id });
	noClassTeacher = await t.createUser({ role: "teacher", schoolId: school.id });
	otherTeacher = await t.createUser({ role: "teacher", schoolId: (await t.createSchool()).id });
	student = await t.createUser({ role: "student", schoolId: school.id });
	otherStudent = await t.createUser({ role: "student", schoolId: school.id });
	// Parents register on their own: no school.
	parent = await t.createUser({ role: "parent", schoolId: null });
	strangerParent = await t.createUser({ role: "parent", schoolId: null });
	onlyClassId = (await t.createClass({ schoolId: school.id, teacherId: oneClassTeacher.id, studentIds: [student.id] })).id;
	await t.createClass({ schoolId: school.id, teacherId: twoClassTeacher.id, studentIds: [otherStudent.id] });
	await t.createClass({ schoolId: school.id, teacherId: twoClassTeacher.id });
	const admin = await t.createUser({ role: "admin" });
	const link = await t.request({ method: "POST", url: `/v2/users/${student.id}/guardians`, token: admin.token, payload: { parent_id: parent.id } });
	expect(link.statusCode, link.body).toBe(201);
});
afterAll(() => t.close());

const createLesson = (token: string, payload: object) => t.request({ method: "POST", url: "/v2/lessons", token, payload });
const send = (token: string, recipient_id: string, body = "Hello") => t.request({ method: "POST", url: "/v2/messages", token, payload: { recipient_id, body } });

describe("lesson create with the spec's example body", () => {
	it("goes to the teacher's only class, published, and the class's students see it", async () => {
		const res = await createLesson(oneClassTeacher.token, SPEC_EXAMPLE);
		expect(res.statusCode, res.body).toBe(201);
		const lesson = res.json().data;
		expect(lesson).toMatchObject({ ...SPEC_EXAMPLE, class_id: onlyClassId, status: "published", visibility: { students_can_see: true, missing: [], class_source: "only_class", hint: null } });
		const seen = await t.request({ method: "GET", url: `/v2/lessons/${lesson.id}`, token: student.token });
		expect(seen.statusCode, seen.body).toBe(200);
		const listed = await t.request({ method: "GET", url: "/v2/lessons", token: student.token });
		expect(listed.json().data.items.map((l: { id: string }) => l.id)).toContain(lesson.id);
	});

	it("a draft asked for stays a draft in that class, and the response says status is missing", async () => {
		const res = await createLesson(oneClassTeacher.token, { ...SPEC_EXAMPLE, status: "draft" });
		expect(res.json().data).toMatchObject({ class_id: onlyClassId, status: "draft", visibility: { students_can_see: false, missing: ["status"] } });
	});

	it("a teacher with several classes (or none) gets a draft without a class and is told what is missing", async () => {
		const several = await createLesson(twoClassTeacher.token, SPEC_EXAMPLE);
		expect(several.statusCode).toBe(201);
		expect(several.json().data).toMatchObject({ class_id: null, status: "draft", visibility: { students_can_see: false, missing: ["class_id", "status"], class_source: "none" } });
		expect(several.json().data.visibility.hint).toContain("you teach 2 classes");
		expect(several.json().message).toContain("Students cannot see this lesson yet");
		const none = await createLesson(noClassTeacher.token, SPEC_EXAMPLE);
		expect(none.json().data.visibility).toMatchObject({ students_can_see: false, missing: ["class_id", "status"] });
		const hidden = await t.request({ method: "GET", url: `/v2/lessons/${several.json().data.id}`, token: otherStudent.token });
		expect(hidden.statusCode).toBe(404);
	});
});

describe("parents and their children's teachers", () => {
	it("a parent with no school messages their child's teacher, who answers; the message belongs to the class's school", async () => {
		const res = await send(parent.token, oneClassTeacher.id, "How is my child doing?");
		expect(res.statusCode, res.body).toBe(201);
		const inbox = (await t.request({ method: "GET", url: "/v2/messages", token: oneClassTeacher.token })).json().data;
		expect(inbox.items[0]).toMatchObject({ sender_id: parent.id, sender_name: expect.stringContaining("parent"), body: "How is my child doing?" });
		const reply = await send(oneClassTeacher.token, parent.id, "Very well");
		expect(reply.statusCode, reply.body).toBe(201);
		expect((await t.request({ method: "GET", url: "/v2/messages", token: parent.token })).json().data.items[0]).toMatchObject({ sender_id: oneClassTeacher.id, body: "Very well" });
	});

	it("other teachers and parents of other children stay out of reach", async () => {
		expect((await send(parent.token, twoClassTeacher.id)).statusCode).toBe(404);
		expect((await send(parent.token, otherTeacher.id)).statusCode).toBe(404);
		expect((await send(strangerParent.token, oneClassTeacher.id)).statusCode).toBe(404);
		expect((await send(twoClassTeacher.token, parent.id)).statusCode).toBe(404);
		expect((await send(parent.token, otherStudent.id)).statusCode).toBe(404);
	});
});

describe("what students see of people", () => {
	it("who sent them a message, by display name, and never an email", async () => {
		expect((await send(oneClassTeacher.token, student.id, "Well done")).statusCode).toBe(201);
		const inbox = (await t.request({ method: "GET", url: "/v2/messages", token: student.token })).json().data;
		const message = inbox.items.find((m: { body: string }) => m.body === "Well done");
		expect(message).toMatchObject({ sender_id: oneClassTeacher.id, sender_name: expect.stringMatching(/^teacher \d+$/), recipient_name: expect.stringMatching(/^student \d+$/) });
		expect(JSON.stringify(inbox)).not.toContain("@example.test");
		const read = await t.request({ method: "PATCH", url: `/v2/messages/${message.id}/read`, token: student.token });
		expect(read.json().data).toMatchObject({ read: true, sender_name: message.sender_name });
	});

	it("their teacher's display name on their class, and never an email", async () => {
		const classes = await t.request({ method: "GET", url: "/v2/classes", token: student.token });
		expect(classes.statusCode, classes.body).toBe(200);
		expect(classes.json().data.items).toEqual([expect.objectContaining({ id: onlyClassId, teacher_id: oneClassTeacher.id, teacher_name: expect.stringMatching(/^teacher \d+$/) })]);
		const one = await t.request({ method: "GET", url: `/v2/classes/${onlyClassId}`, token: student.token });
		expect(one.json().data.teacher_name).toMatch(/^teacher \d+$/);
		expect(JSON.stringify(classes.json())).not.toContain("@example.test");
	});
});
