import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";
import { isStrictDate, isStrictDateTime } from "./dates.js";

/**
 * Bodies are validated strictly: `"5"` is not a number and unknown fields are refused, so a
 * malformed write can never be coerced into a stored row. Query strings and path params arrive
 * as text, so they are coerced to the schema's types. `date-time` and `date` are stricter than
 * RFC 3339 allows (dates.ts): every accepted value is one JavaScript and PostgreSQL can hold.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
	const common: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false };
	const strict = withFormats(new Ajv({ ...common, coerceTypes: false }));
	const coercing = withFormats(new Ajv({ ...common, coerceTypes: "array" }));
	return ({ schema, httpPart }) => (httpPart === "body" ? strict : coercing).compile(schema as object);
}

function withFormats(ajv: Ajv): Ajv {
	addFormats.default(ajv);
	ajv.addFormat("date-time", { type: "string", validate: isStrictDateTime });
	ajv.addFormat("date", { type: "string", validate: isStrictDate });
	return ajv;
}
