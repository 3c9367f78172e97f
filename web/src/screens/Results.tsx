import { Alert, Button, Grid, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../components/DataTable";
import { api, must } from "../api/client";
import { session } from "../auth/session";
import { Empty, Failed, Loading } from "../components/States";

const SHARE_COLOURS = ["#3b5bdb", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#1098ad"];

/**
 * After class: the leaderboard (per student: score, correct, answered, time), item analysis per
 * question as charts (difficulty = share correct, discrimination, option shares) with the same
 * numbers in tables, and the CSV export.
 */
export function Results() {
	const { sessionId = "" } = useParams();
	const results = useQuery({
		queryKey: ["results", sessionId],
		queryFn: async () =>
			must(
				await api.GET("/v2/roblox/quiz/{session_id}/results", { params: { path: { session_id: sessionId } } }),
			),
	});
	const analytics = useQuery({
		queryKey: ["analytics", sessionId],
		queryFn: async () =>
			must(
				await api.GET("/v2/roblox/analytics/sessions/{session_id}", {
					params: { path: { session_id: sessionId } },
				}),
			),
	});
	const [exportError, setExportError] = useState<string | null>(null);

	async function exportCsv() {
		setExportError(null);
		// The CSV route needs the bearer token, so it is fetched and handed to the browser as a file.
		const { data, error, response } = await api.GET("/v2/roblox/quiz/{session_id}/results.csv", {
			params: { path: { session_id: sessionId } },
			parseAs: "text",
		});
		if (error !== undefined || data === undefined) return setExportError(`Export failed (${response.status})`);
		const url = URL.createObjectURL(new Blob([data], { type: "text/csv" }));
		const link = Object.assign(document.createElement("a"), { href: url, download: `results-${sessionId}.csv` });
		document.body.append(link);
		link.click();
		link.remove();
		URL.revokeObjectURL(url);
	}

	if (results.isPending || analytics.isPending) return <Loading label="Loading results" />;
	if (results.isError) return <Failed error={results.error} retry={() => void results.refetch()} />;
	if (analytics.isError) return <Failed error={analytics.error} retry={() => void analytics.refetch()} />;
	const r = results.data;
	const a = analytics.data;
	const items = a.itemAnalysis.map((item, i) => ({
		question: `Q${i + 1}`,
		difficulty: item.difficulty ?? 0,
		discrimination: item.discrimination ?? 0,
		responses: item.responses,
		shares: item.optionShares,
	}));
	const maxOptions = Math.max(0, ...items.map((i) => i.shares.length));
	const shareRows = items.map((item) =>
		Object.fromEntries([
			["question", item.question],
			...item.shares.map((s, k) => [`option${k}`, Math.round(s * 1000) / 10]),
		]),
	);

	return (
		<Stack>
			<Group justify="space-between">
				<div>
					<Title order={2}>Results</Title>
					<Text size="sm">
						{r.playerResults.length} players · {r.totalQuestions} questions · average score{" "}
						<span data-testid="average-score">{r.averageScore}</span>
						{r.completedAt ? ` · ended ${new Date(r.completedAt).toLocaleString()}` : " · still running"}
					</Text>
				</div>
				<Group>
					<Button component={Link} to={`/sessions/${sessionId}/live`} variant="outline">
						Live view
					</Button>
					<Button onClick={() => void exportCsv()} disabled={!session.accessToken()}>
						Export CSV
					</Button>
				</Group>
			</Group>
			{exportError && (
				<Alert color="red" role="alert" title="Export failed">
					{exportError}
				</Alert>
			)}
			<Title order={3}>Leaderboard</Title>
			{r.playerResults.length === 0 ? (
				<Empty title="No players">Nobody joined this session.</Empty>
			) : (
				<DataTable
					label="Leaderboard"
					columns={["Rank", "Student", "Score", "Correct", "Answered", "Time (s)"]}
					minWidth={500}
					striped
					testId="leaderboard"
				>
					{r.playerResults.map((p, i) => (
						<Table.Tr key={p.playerId}>
							<Table.Td>{i + 1}</Table.Td>
							<Table.Td>{p.playerName}</Table.Td>
							<Table.Td>{p.totalScore}</Table.Td>
							<Table.Td>{p.correctAnswers}</Table.Td>
							<Table.Td>{p.answered}</Table.Td>
							<Table.Td>{p.timeSpent}</Table.Td>
						</Table.Tr>
					))}
				</DataTable>
			)}
			<Title order={3}>Item analysis</Title>
			{items.length === 0 ? (
				<Empty title="No answers yet">Item analysis appears once students have answered.</Empty>
			) : (
				<>
					<Grid>
						<Grid.Col span={{ base: 12, md: 6 }}>
							<Paper
								withBorder
								p="sm"
								component="figure"
								m={0}
								aria-label="Difficulty and discrimination per question"
							>
								<Text component="figcaption" fw={700} size="sm">
									Difficulty (share correct) and discrimination
								</Text>
								<ResponsiveContainer width="100%" height={220}>
									<BarChart data={items} accessibilityLayer={false}>
										<CartesianGrid strokeDasharray="3 3" />
										<XAxis dataKey="question" />
										<YAxis domain={[-1, 1]} />
										<Tooltip />
										<Legend />
										<Bar
											dataKey="difficulty"
											name="Difficulty"
											fill="#3b5bdb"
											isAnimationActive={false}
										/>
										<Bar
											dataKey="discrimination"
											name="Discrimination"
											fill="#e8590c"
											isAnimationActive={false}
										/>
									</BarChart>
								</ResponsiveContainer>
							</Paper>
						</Grid.Col>
						<Grid.Col span={{ base: 12, md: 6 }}>
							<Paper withBorder p="sm" component="figure" m={0} aria-label="Option share per question">
								<Text component="figcaption" fw={700} size="sm">
									Option share (%)
								</Text>
								<ResponsiveContainer width="100%" height={220}>
									<BarChart data={shareRows} accessibilityLayer={false}>
										<CartesianGrid strokeDasharray="3 3" />
										<XAxis dataKey="question" />
										<YAxis domain={[0, 100]} />
										<Tooltip />
										<Legend />
										{Array.from({ length: maxOptions }, (_, k) => (
											<Bar
												key={k}
												dataKey={`option${k}`}
												name={`Option ${String.fromCharCode(65 + k)}`}
												stackId="share"
												fill={SHARE_COLOURS[k % SHARE_COLOURS.length]}
												isAnimationActive={false}
											/>
										))}
									</BarChart>
								</ResponsiveContainer>
							</Paper>
						</Grid.Col>
					</Grid>
					<DataTable
						label="Item analysis"
						columns={["Question", "Responses", "Difficulty", "Discrimination", "Option shares"]}
						minWidth={500}
						testId="item-analysis"
					>
						{a.itemAnalysis.map((item, i) => (
							<Table.Tr key={item.questionId}>
								<Table.Td>Q{i + 1}</Table.Td>
								<Table.Td>{item.responses}</Table.Td>
								<Table.Td>{item.difficulty ?? "—"}</Table.Td>
								<Table.Td>{item.discrimination ?? "—"}</Table.Td>
								<Table.Td>
									{item.optionShares.map((s) => `${Math.round(s * 100)}%`).join(" / ")}
								</Table.Td>
							</Table.Tr>
						))}
					</DataTable>
				</>
			)}
		</Stack>
	);
}
