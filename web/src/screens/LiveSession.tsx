import { Alert, Badge, Button, Grid, Group, List, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, XAxis, YAxis } from "recharts";
import { GOOD, NEUTRAL } from "../colours";
import { api, errorMessage, must } from "../api/client";
import { Failed, Loading } from "../components/States";
import { useSocket } from "../realtime/useSocket";

/**
 * A session as it happens: who joined, the current question, answers per option as they arrive
 * (the classroom WebSocket announces joins and answers; the view is refetched, and polled every
 * few seconds as a fallback), who has not answered, and ending the session.
 */
export function LiveSession() {
	const { sessionId = "" } = useParams();
	const live = useQuery({
		queryKey: ["live", sessionId],
		queryFn: async () =>
			must(
				await api.GET("/v2/roblox/sessions/{session_id}/live", { params: { path: { session_id: sessionId } } }),
			),
		refetchInterval: 3000,
	});
	useSocket("/v2/roblox/ws", {
		onMessage: (message) => {
			if (
				message.sessionId === sessionId &&
				["answers_received", "player_joined", "progress_updated"].includes(String(message.type))
			)
				void live.refetch();
		},
	});
	const end = useMutation({
		mutationFn: async () =>
			must(
				await api.POST("/v2/roblox/sessions/{session_id}/end", { params: { path: { session_id: sessionId } } }),
			),
		onSuccess: () => void live.refetch(),
	});

	if (live.isPending) return <Loading label="Loading the session" />;
	if (live.isError) return <Failed error={live.error} retry={() => void live.refetch()} />;
	const s = live.data;
	const names = new Map(s.players.map((p) => [p.playerId, p.playerName]));
	const current =
		s.questions.find((q) => q.questionId === s.currentQuestionId) ??
		[...s.questions].reverse().find((q) => q.openedAt);
	const chart =
		current?.options.map((option, i) => ({
			option: `${String.fromCharCode(65 + i)}. ${option}`,
			count: current.optionCounts[i],
			correct: i === current.correct,
		})) ?? [];

	return (
		<Stack>
			<Group justify="space-between">
				<div>
					<Title order={2}>Live session</Title>
					<Text size="sm">
						{s.placeId ? `Place ${s.placeId} · ` : ""}lesson {s.contentId}
					</Text>
				</div>
				<Group>
					<Badge
						size="lg"
						variant="filled"
						color={s.status === "active" ? GOOD : NEUTRAL}
						data-testid="session-status"
					>
						{s.status}
					</Badge>
					<Button component={Link} to={`/sessions/${sessionId}/results`} variant="outline">
						Results
					</Button>
					<Button
						color="red.8"
						onClick={() => end.mutate()}
						loading={end.isPending}
						disabled={s.status !== "active"}
					>
						End session
					</Button>
				</Group>
			</Group>
			{end.isError && (
				<Alert color="red" role="alert" title="Could not end the session">
					{errorMessage(end.error)}
				</Alert>
			)}
			<Grid>
				<Grid.Col span={{ base: 12, md: 8 }}>
					<Paper withBorder p="md">
						{!current ? (
							<Text>
								No question opened yet. Answers appear here as soon as the teacher in the place opens
								one.
							</Text>
						) : (
							<Stack gap="xs" aria-live="polite">
								<Text size="sm" fw={700}>
									Question {current.index + 1} of {s.questions.length}
								</Text>
								<Title order={3} size="h4" data-testid="current-question">
									{current.text}
								</Title>
								<Text data-testid="answer-count">
									{current.answers} of {s.players.filter((p) => p.present).length} answered
								</Text>
								<figure style={{ margin: 0 }} aria-label="Answers per option">
									<ResponsiveContainer width="100%" height={200}>
										<BarChart
											data={chart}
											layout="vertical"
											margin={{ left: 20 }}
											accessibilityLayer={false}
										>
											<CartesianGrid strokeDasharray="3 3" />
											<XAxis type="number" allowDecimals={false} />
											<YAxis type="category" dataKey="option" width={160} />
											<Bar dataKey="count" isAnimationActive={false}>
												{chart.map((c) => (
													<Cell key={c.option} fill={c.correct ? "#2b8a3e" : "#3b5bdb"} />
												))}
											</Bar>
										</BarChart>
									</ResponsiveContainer>
								</figure>
								<Table aria-label="Answers per option" data-testid="option-counts">
									<Table.Thead>
										<Table.Tr>
											<Table.Th scope="col">Option</Table.Th>
											<Table.Th scope="col">Answers</Table.Th>
										</Table.Tr>
									</Table.Thead>
									<Table.Tbody>
										{chart.map((c) => (
											<Table.Tr key={c.option}>
												<Table.Td>
													{c.option}{" "}
													{c.correct && (
														<Badge color={GOOD} variant="filled" size="sm">
															correct
														</Badge>
													)}
												</Table.Td>
												<Table.Td>{c.count}</Table.Td>
											</Table.Tr>
										))}
									</Table.Tbody>
								</Table>
								<Text size="sm" fw={700}>
									Not answered yet
								</Text>
								{current.notAnsweredPlayerIds.length === 0 ? (
									<Text size="sm" data-testid="not-answered">
										Everyone has answered.
									</Text>
								) : (
									<List size="sm" data-testid="not-answered">
										{current.notAnsweredPlayerIds.map((id) => (
											<List.Item key={id}>{names.get(id) ?? id}</List.Item>
										))}
									</List>
								)}
							</Stack>
						)}
					</Paper>
				</Grid.Col>
				<Grid.Col span={{ base: 12, md: 4 }}>
					<Paper withBorder p="md">
						<Title order={3} size="h4">
							Players joined: <span data-testid="players-joined">{s.players.length}</span>
						</Title>
						{s.players.length === 0 ? (
							<Text size="sm">Nobody has joined yet.</Text>
						) : (
							<List size="sm" mt="xs">
								{s.players.map((p) => (
									<List.Item key={p.playerId}>
										{p.playerName} — {p.score} points{p.present ? "" : " (left)"}
									</List.Item>
								))}
							</List>
						)}
					</Paper>
				</Grid.Col>
			</Grid>
		</Stack>
	);
}
