import { Button, Group, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, must } from "../api/client";
import { Empty, Failed, Loading } from "../components/States";

/** The school's generated lessons, with their review and publish pages. */
export function Lessons() {
	const lessons = useQuery({ queryKey: ["lessons"], queryFn: async () => must(await api.GET("/v2/roblox/content")).contents });
	return (
		<Stack>
			<Group justify="space-between">
				<Title order={2}>Lessons</Title>
				<Button component={Link} to="/lessons/new">
					Build a lesson
				</Button>
			</Group>
			{lessons.isPending ? (
				<Loading label="Loading lessons" />
			) : lessons.isError ? (
				<Failed error={lessons.error} retry={() => void lessons.refetch()} />
			) : lessons.data.length === 0 ? (
				<Empty title="No lessons yet">Build one: the assistant asks a few questions and generates it.</Empty>
			) : (
				<Table.ScrollContainer minWidth={600}>
					<Table aria-label="Lessons">
						<Table.Thead>
							<Table.Tr>
								<Table.Th scope="col">Lesson</Table.Th>
								<Table.Th scope="col">Grade</Table.Th>
								<Table.Th scope="col">Questions</Table.Th>
								<Table.Th scope="col">Generated</Table.Th>
								<Table.Th scope="col">Actions</Table.Th>
							</Table.Tr>
						</Table.Thead>
						<Table.Tbody>
							{lessons.data.map((l) => (
								<Table.Tr key={l.contentId}>
									<Table.Td>{l.title}</Table.Td>
									<Table.Td>{l.gradeLevel}</Table.Td>
									<Table.Td>{l.questions}</Table.Td>
									<Table.Td>{new Date(l.generatedAt).toLocaleString()}</Table.Td>
									<Table.Td>
										<Group gap="xs">
											<Link to={`/lessons/${l.contentId}/review`} aria-label={`Review ${l.title}`}>Review</Link>
											<Link to={`/lessons/${l.contentId}/publish`} aria-label={`Publish ${l.title}`}>Publish</Link>
										</Group>
									</Table.Td>
								</Table.Tr>
							))}
						</Table.Tbody>
					</Table>
				</Table.ScrollContainer>
			)}
		</Stack>
	);
}
