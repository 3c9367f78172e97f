import { Ajv, type Options, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";
import { isStrictDate, isStrictDateTime } from "./dates.js";

/**
 * Bodies are validated strictly: `"5"` is not a number and unknown fields are refused, so a
 * malformed write can never be coerced into a stored row. Query strings and path params arrive
 * as text, so they are coerced to the schema's types. `date-time` and `date` are stricter than
 * RFC 3339 allows (dates.ts): every accepted value is one JavaScript and PostgreSQL can hold;
 * so is `uuid` (the hyphenated form only).
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
	const common: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false };
	const strict = withFormats(new Ajv({ ...common, coerceTypes: false }));
	const coercing = withFormats(new Ajv({ ...common, coerceTypes: "array" }));
	return ({ schema, httpPart }) => onFirstUse(() => (httpPart === "body" ? strict : coercing).compile(schema as object));
}

/**
 * A validator compiled when its route is first called rather than at start-up: compiling every
 * route's schemas is most of the server's start-up time, and most routes of a deployment are
 * never called in a given run. Behaves as the Ajv function it wraps: Fastify passes the parent
 * data (so defaults and coercion reach the root value, as it does when it sees `schemaEnv`)
 * and reads `errors` after a failure. Every route's schemas still compile in the test suite
 * (the OpenAPI-driven hostile-input test calls them all).
 */
function onFirstUse(compile: () => ValidateFunction): ValidateFunction {
	let validate: ValidateFunction | undefined;
	const check = Object.assign(
		(data: unknown, context?: Parameters<ValidateFunction>[1]) => {
			validate ??= compile();
			const valid = validate(data, context);
			check.errors = validate.errors;
			return valid;
		},
		{ errors: null as ValidateFunction["errors"], schemaEnv: true },
	);
	return check as unknown as ValidateFunction;
}

function withFormats(ajv: Ajv): Ajv {
	addFormats.default(ajv);
	ajv.addFormat("date-time", { type: "string", validate: isStrictDateTime });
	ajv.addFormat("date", { type: "string", validate: isStrictDate });
	// ajv-formats also takes `urn:uuid:…`, which PostgreSQL's uuid type refuses (a 500 on every
	// uuid field); only the form the API prints is accepted.
	ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
	return ajv;
}
