import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useLocation } from "react-router";
import { api, errorMessage } from "../api/client";
import { session } from "../auth/session";

/** Teachers sign in with their email (or username) and password. */
export function SignIn() {
	const [login, setLogin] = useState("");
	const [password, setPassword] = useState("");
	const [error, setError] = useState<string | null>(null);
	const [busy, setBusy] = useState(false);
	const ended = session.endedReason();
	// The Studio plugin sends teachers to /device: after signing in they land there to approve it.
	const forStudio = useLocation().pathname === "/device";

	async function submit(event: FormEvent) {
		event.preventDefault();
		setBusy(true);
		setError(null);
		const identity = login.includes("@") ? { email: login.trim() } : { username: login.trim() };
		const { data, error: failure } = await api
			.POST("/v2/auth/login", { body: { ...identity, password } })
			.catch((e: unknown) => ({ data: undefined, error: e }));
		setBusy(false);
		if (!data) return setError(errorMessage(failure, "Could not sign in"));
		if (data.data.user.role !== "teacher" && data.data.user.role !== "admin")
			return setError("This app is for teachers. Students play in Roblox.");
		session.signIn(data.data.access_token, data.data.refresh_token, data.data.user);
	}

	return (
		<Center mih="100vh" p="md" component="main">
			<Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
				<form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
					<Stack>
						<Title order={1} size="h2" id="sign-in-title">
							Sign in to Roblox Classroom
						</Title>
						{forStudio && (
							<Text>Sign in to connect the Classroom plugin in Roblox Studio to your account.</Text>
						)}
						{ended && !error && (
							<Alert color="yellow" title="Signed out" role="status">
								{ended}
							</Alert>
						)}
						{error && (
							<Alert color="red" title="Sign-in failed" role="alert">
								{error}
							</Alert>
						)}
						<TextInput
							label="Email or username"
							autoComplete="username"
							required
							value={login}
							onChange={(e) => setLogin(e.currentTarget.value)}
						/>
						<PasswordInput
							label="Password"
							autoComplete="current-password"
							required
							value={password}
							onChange={(e) => setPassword(e.currentTarget.value)}
						/>
						<Button type="submit" loading={busy}>
							Sign in
						</Button>
					</Stack>
				</form>
			</Paper>
		</Center>
	);
}
