import { Type, type IntegerOptions, type StringOptions } from "@sinclair/typebox";
import { MAX_YEAR, MIN_YEAR } from "./dates.js";

/**
 * Bounded building blocks for request schemas. Every integer a client sends has a minimum and
 * a maximum that the column or computation it reaches can hold (an `integer` column is 32-bit,
 * JavaScript is exact to 2^53, `bigint` to 2^63): an out-of-range value is a 400 naming the
 * field, never a database error. test/core/openapi.test.ts fails for an unbounded one.
 */
export const INT32_MAX = 2_147_483_647;
/** 9999-12-31T23:59:59.999Z: the last instant a date-time may name. */
export const MAX_UNIX_MS = Date.UTC(MAX_YEAR, 11, 31, 23, 59, 59, 999);
export const MIN_UNIX_MS = Date.UTC(MIN_YEAR, 0, 1);

/** A 32-bit integer (fits an `integer` column); narrow it with minimum/maximum. */
export const Int32 = (options: IntegerOptions = {}) => Type.Integer({ minimum: -INT32_MAX - 1, maximum: INT32_MAX, ...options });

/** A count, index or offset: 0 to 2^31-1. */
export const Count = (options: IntegerOptions = {}) => Type.Integer({ minimum: 0, maximum: INT32_MAX, ...options });

/** An external numeric id (Roblox users, places, universes): 1 to 2^53-1, exact in JavaScript. */
export const SafeId = (options: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...options });

/** Unix time in milliseconds between 1970 and the end of year 9999. */
export const UnixMillis = (options: IntegerOptions = {}) =>
	Type.Integer({ minimum: 0, maximum: MAX_UNIX_MS, description: "Unix time in milliseconds", ...options });

/** An RFC 3339 date-time, strictly parsed (dates.ts: no leap second, years 1900-9999). */
export const DateTime = (options: StringOptions = {}) => Type.String({ format: "date-time", maxLength: 40, ...options });

/** 1-based page number of the paged lists. */
export const PageNumber = (options: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, ...options });
