/**
 * Why an outbound request to a user-supplied URL was refused. `reason` is stable and safe to
 * show to the URL's owner; it never says whether something listens at the address.
 */
export type RefusalReason = "scheme" | "credentials" | "forbidden_address" | "unresolvable";

export class DestinationRefusedError extends Error {
	readonly code = "DESTINATION_NOT_ALLOWED";
	constructor(readonly reason: RefusalReason, message: string) {
		super(message);
		this.name = "DestinationRefusedError";
	}
}
