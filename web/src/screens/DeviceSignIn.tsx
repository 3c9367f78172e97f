import { Alert, Button, Code, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { api, must } from "../api/client";
import type { Json } from "../api/types";
import { Failed, Loading } from "../components/States";

type DeviceRequest = Json<"/api/v1/roblox/auth/device", "get">;

/**
 * /device: the teacher approves the Classroom plugin's sign-in from Roblox Studio (RFC 8628).
 * The plugin shows a code and this page's address (with `?user_code=` when opened from a link);
 * the teacher confirms the code, sees which client asks, and approves (the plugin is then signed
 * in as this teacher) or denies.
 */
export function DeviceSignIn() {
	const [params, setParams] = useSearchParams();
	const submitted = params.get("user_code") ?? "";
	const [typed, setTyped] = useState(submitted);

	function submit(event: FormEvent) {
		event.preventDefault();
		setParams(typed.trim() ? { user_code: typed.trim() } : {});
	}

	return (
		<Stack maw={640}>
			<Title order={2}>Connect Roblox Studio</Title>
			<Text>Enter the code the Classroom plugin shows in Roblox Studio. Only approve a code you see in your own Studio.</Text>
			<form onSubmit={submit}>
				<Group align="flex-end">
					<TextInput
						label="Code from Studio"
						description="8 letters, like BCDF-GHJK"
						value={typed}
						onChange={(e) => setTyped(e.currentTarget.value)}
						maxLength={20}
						autoComplete="off"
						autoCapitalize="characters"
						spellCheck={false}
						required
						styles={{
							input: { fontFamily: "monospace", letterSpacing: "0.15em", textTransform: "uppercase" },
							// Mantine's dimmed description falls short of WCAG AA contrast on white.
							description: { color: "var(--mantine-color-gray-8)" },
						}}
					/>
					<Button type="submit" variant="outline">
						Check code
					</Button>
				</Group>
			</form>
			{submitted && <Request key={submitted} userCode={submitted} />}
		</Stack>
	);
}

function Request({ userCode }: { userCode: string }) {
	const request = useQuery({
		queryKey: ["device", userCode],
		queryFn: async () => must(await api.GET("/api/v1/roblox/auth/device", { params: { query: { user_code: userCode } } })),
		retry: false,
		staleTime: Infinity,
	});
	const decide = useMutation({
		mutationFn: async (decision: "approve" | "deny") => {
			const body = { body: { user_code: userCode } };
			return must(await (decision === "approve" ? api.POST("/api/v1/roblox/auth/device/approve", body) : api.POST("/api/v1/roblox/auth/device/deny", body)));
		},
	});

	if (request.isPending) return <Loading label="Looking up the code" />;
	if (request.isError)
		return (
			<Alert color="red" title={notFound(request.error) ? "Code not found" : "Could not check the code"} role="alert">
				{notFound(request.error) ? "That code is unknown or has expired. Check the code in Studio, or start the sign-in again there." : errorText(request.error)}
			</Alert>
		);
	const current: DeviceRequest = decide.data ?? request.data;
	return (
		<Paper withBorder p="lg" component="section" aria-labelledby="device-request-title">
			<Stack>
				<Title order={3} id="device-request-title">
					{current.client_name} wants to sign in as you
				</Title>
				<Text>{current.client_description}</Text>
				<Text>
					Code <Code data-testid="device-code">{current.user_code}</Code>, asked at {time(current.created_at)}, valid until {time(current.expires_at)}.
				</Text>
				{current.status === "pending" ? (
					<>
						<Text size="sm">Approving lets the plugin build lessons and read your lessons with your account until you sign out in the plugin.</Text>
						{decide.isError && <Failed error={decide.error} />}
						<Group>
							<Button onClick={() => decide.mutate("approve")} loading={decide.isPending && decide.variables === "approve"} disabled={decide.isPending}>
								Approve
							</Button>
							<Button color="red" variant="outline" onClick={() => decide.mutate("deny")} loading={decide.isPending && decide.variables === "deny"} disabled={decide.isPending}>
								Deny
							</Button>
						</Group>
					</>
				) : (
					<Outcome status={current.status} decidedNow={decide.isSuccess} />
				)}
			</Stack>
		</Paper>
	);
}

function Outcome({ status, decidedNow }: { status: DeviceRequest["status"]; decidedNow: boolean }) {
	if (status === "denied")
		return (
			<Alert color="gray" title="Denied" role="status">
				The plugin was not signed in.{decidedNow ? " It will say so in Studio." : ""}
			</Alert>
		);
	return (
		<Alert color="green" title={decidedNow ? "Approved" : "Already approved"} role="status">
			{status === "redeemed" ? "Roblox Studio is signed in." : "Roblox Studio signs in within a few seconds."} You can go back to Studio.
		</Alert>
	);
}

const notFound = (error: unknown) => (error as { status?: number }).status === 404;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
