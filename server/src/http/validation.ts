import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

/**
 * Bodies are validated strictly: `"5"` is not a number and unknown fields are refused, so a
 * malformed write can never be coerced into a stored row. Query strings and path params arrive
 * as text, so they are coerced to the schema's types.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
	const common: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false };
	const strict = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
	const coercing = addFormats.default(new Ajv({ ...common, coerceTypes: "array" }));
	return ({ schema, httpPart }) => (httpPart === "body" ? strict : coercing).compile(schema as object);
}
