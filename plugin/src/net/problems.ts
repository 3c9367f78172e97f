/**
 * What can go wrong talking to the Classroom server from Studio, and what the widget says about
 * it. Each problem names what the user can do next.
 */
export type Problem =
	| { kind: "permission"; host: string }
	| { kind: "down"; url: string }
	| { kind: "rateLimited"; retryAfter: number }
	| { kind: "budget"; retryAfter: number }
	| { kind: "expired" }
	| { kind: "server"; status: number; code: string; message: string }
	| { kind: "invalid"; message: string };

export function describeProblem(problem: Problem): string {
	switch (problem.kind) {
		case "permission":
			return `Studio blocked this plugin's HTTP requests to ${problem.host}. Allow them in Plugins > Manage Plugins > Classroom > HTTP Requests, then try again.`;
		case "down":
			return `The Classroom server at ${problem.url} is not answering. Start it (npm start) or check the server address above.`;
		case "rateLimited":
			return `The Classroom server is receiving too many requests (429). Trying again in ${problem.retryAfter} s.`;
		case "budget":
			return `Studio's limit of 500 HTTP requests a minute is reached. The next request waits ${problem.retryAfter} s.`;
		case "expired":
			return "Your session has expired. Sign in again.";
		case "server":
			return problem.message;
		case "invalid":
			return problem.message;
	}
}
