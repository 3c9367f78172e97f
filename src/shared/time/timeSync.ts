/** What the server answers to a time-sync request. */
export interface TimeSyncReply {
	/** The client's own clock reading when it asked, echoed unchanged. */
	clientSentAt: number;
	/** The server clock when it answered. */
	serverTime: number;
}

export interface ClockEstimate {
	/** Add to the local clock to read the server clock. */
	offset: number;
	/** Seconds the request and its answer spent travelling. */
	roundTrip: number;
}

/**
 * Estimates the server clock from one exchange, assuming the answer took half the round
 * trip to arrive (the NTP assumption); good enough for quiz countdowns.
 */
export function estimateServerClock(reply: TimeSyncReply, clientReceivedAt: number): ClockEstimate {
	const roundTrip = math.max(0, clientReceivedAt - reply.clientSentAt);
	const serverNow = reply.serverTime + roundTrip / 2;
	return { offset: serverNow - clientReceivedAt, roundTrip };
}
