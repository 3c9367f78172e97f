import { Button, Group, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, must } from "../api/client";
import { DataTable } from "../components/DataTable";
import { QueryList } from "../components/QueryList";

/** The school's generated lessons, with their review and publish pages. */
export function Lessons() {
	const lessons = useQuery({
		queryKey: ["lessons"],
		queryFn: async () => must(await api.GET("/v2/roblox/content")).contents,
	});
	return (
		<Stack>
			<Group justify="space-between">
				<Title order={2}>Lessons</Title>
				<Button component={Link} to="/lessons/new">
					Build a lesson
				</Button>
			</Group>
			<QueryList
				query={lessons}
				loading="Loading lessons"
				emptyTitle="No lessons yet"
				empty="Build one: the assistant asks a few questions and generates it."
			>
				{(items) => (
					<DataTable label="Lessons" columns={["Lesson", "Grade", "Questions", "Generated", "Actions"]}>
						{items.map((l) => (
							<Table.Tr key={l.contentId}>
								<Table.Td>{l.title}</Table.Td>
								<Table.Td>{l.gradeLevel}</Table.Td>
								<Table.Td>{l.questions}</Table.Td>
								<Table.Td>{new Date(l.generatedAt).toLocaleString()}</Table.Td>
								<Table.Td>
									<Group gap="xs">
										<Link to={`/lessons/${l.contentId}/review`} aria-label={`Review ${l.title}`}>
											Review
										</Link>
										<Link to={`/lessons/${l.contentId}/publish`} aria-label={`Publish ${l.title}`}>
											Publish
										</Link>
									</Group>
								</Table.Td>
							</Table.Tr>
						))}
					</DataTable>
				)}
			</QueryList>
		</Stack>
	);
}
