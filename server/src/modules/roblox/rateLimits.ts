import type { RateCategory } from "../../http/rateCategories.js";

/**
 * The spec's rate-limit categories for the v1 routes (budgets in ../../http/rateCategories.ts,
 * shared with the classroom API):
 *  - authentication: auth/*
 *  - contentGeneration: conversation/generate
 *  - dataOperations: everything that reads or writes data (conversation, pusher auth, Rojo, Open Cloud, webhooks)
 *  - analytics: status and log reads (pusher/status, rojo/check, generation status, webhook deliveries)
 */
const category = (rateCategory: RateCategory) => ({ rateCategory }) as const;

export const RATE = {
	authentication: category("authentication"),
	contentGeneration: category("contentGeneration"),
	dataOperations: category("dataOperations"),
	analytics: category("analytics"),
} as const;
