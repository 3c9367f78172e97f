import { Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import { GOOD } from "../colours";
import { DataTable } from "../components/DataTable";
import { QueryList } from "../components/QueryList";
import { api, errorMessage, must } from "../api/client";
import { Failed, Loading } from "../components/States";

/** One class: its join code (regenerate), roster, and each student's progress over lessons. */
export function ClassDetail() {
	const { classId = "" } = useParams();
	const queryClient = useQueryClient();
	const klass = useQuery({
		queryKey: ["class", classId],
		queryFn: async () => must(await api.GET("/v2/classes/{id}", { params: { path: { id: classId } } })).data,
	});
	const students = useQuery({
		queryKey: ["class", classId, "students"],
		queryFn: async () =>
			must(await api.GET("/v2/classes/{id}/students", { params: { path: { id: classId } } })).data,
	});
	const progress = useQuery({
		queryKey: ["class", classId, "progress"],
		queryFn: async () =>
			must(await api.GET("/v2/progress", { params: { query: { class_id: classId, page: 1, per_page: 100 } } }))
				.data,
	});
	const regenerate = useMutation({
		mutationFn: async () =>
			must(await api.POST("/v2/classes/{id}/join-code", { params: { path: { id: classId } } })).data,
		onSuccess: (updated) => queryClient.setQueryData(["class", classId], updated),
	});

	if (klass.isPending) return <Loading label="Loading the class" />;
	if (klass.isError) return <Failed error={klass.error} retry={() => void klass.refetch()} />;
	const byStudent = new Map<string, { lessons: number; completed: number; scores: number[]; progress: number[] }>();
	for (const row of progress.data?.items ?? []) {
		const entry = byStudent.get(row.user_id) ?? { lessons: 0, completed: 0, scores: [], progress: [] };
		entry.lessons++;
		if (row.completed) entry.completed++;
		if (row.score !== null) entry.scores.push(row.score);
		entry.progress.push(row.progress);
		byStudent.set(row.user_id, entry);
	}

	return (
		<Stack>
			<Title order={2}>{klass.data.name}</Title>
			<Paper withBorder p="md">
				<Group justify="space-between">
					<div>
						<Text size="sm">Join code (students type it to join the class)</Text>
						<Text size="xl" fw={700} ff="monospace" data-testid="join-code" aria-live="polite">
							{klass.data.join_code}
						</Text>
					</div>
					<Button variant="outline" onClick={() => regenerate.mutate()} loading={regenerate.isPending}>
						Regenerate join code
					</Button>
				</Group>
				{regenerate.isError && (
					<Text c="red.8" size="sm" role="alert">
						{errorMessage(regenerate.error)}
					</Text>
				)}
			</Paper>
			<Title order={3}>Roster and progress</Title>
			<QueryList
				query={students}
				loading="Loading students"
				emptyTitle="No students yet"
				empty="Share the join code: students sign up with it."
			>
				{(items) => (
					<DataTable
						label="Students and their progress"
						columns={[
							"Student",
							"Username",
							"Lessons started",
							"Completed",
							"Average progress",
							"Average score",
						]}
						minWidth={500}
						striped
					>
						{items.map((s) => {
							const p = byStudent.get(s.id);
							const avgProgress =
								p && p.progress.length
									? Math.round(p.progress.reduce((a, b) => a + b, 0) / p.progress.length)
									: 0;
							const avgScore =
								p && p.scores.length
									? (p.scores.reduce((a, b) => a + b, 0) / p.scores.length).toFixed(1)
									: "—";
							return (
								<Table.Tr key={s.id}>
									<Table.Td>{s.display_name}</Table.Td>
									<Table.Td>{s.username}</Table.Td>
									<Table.Td>{p?.lessons ?? 0}</Table.Td>
									<Table.Td>{p?.completed ? <Badge color={GOOD}>{p.completed}</Badge> : 0}</Table.Td>
									<Table.Td>
										<Group gap="xs" wrap="nowrap">
											<Progress
												value={avgProgress}
												w={80}
												aria-label={`Average progress of ${s.display_name}`}
											/>
											<Text size="sm">{avgProgress}%</Text>
										</Group>
									</Table.Td>
									<Table.Td>{avgScore}</Table.Td>
								</Table.Tr>
							);
						})}
					</DataTable>
				)}
			</QueryList>
		</Stack>
	);
}
