import { Badge, Group, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { GOOD, NEUTRAL } from "../colours";
import { api, must } from "../api/client";
import { Empty, Failed, Loading } from "../components/States";

/** The school's classroom sessions (launched in the places), newest first. */
export function Sessions() {
	const sessions = useQuery({
		queryKey: ["sessions"],
		queryFn: async () => must(await api.GET("/v2/roblox/sessions", { params: { query: { limit: 50 } } })).sessions,
		refetchInterval: 5000,
	});
	return (
		<Stack>
			<Title order={2}>Sessions</Title>
			{sessions.isPending ? (
				<Loading label="Loading sessions" />
			) : sessions.isError ? (
				<Failed error={sessions.error} retry={() => void sessions.refetch()} />
			) : sessions.data.length === 0 ? (
				<Empty title="No sessions yet">Sessions appear here when a teacher launches a lesson in a place.</Empty>
			) : (
				<Table.ScrollContainer minWidth={600}>
					<Table aria-label="Sessions">
						<Table.Thead>
							<Table.Tr>
								<Table.Th scope="col">Started</Table.Th>
								<Table.Th scope="col">Place</Table.Th>
								<Table.Th scope="col">Lesson</Table.Th>
								<Table.Th scope="col">Players</Table.Th>
								<Table.Th scope="col">Status</Table.Th>
								<Table.Th scope="col">Open</Table.Th>
							</Table.Tr>
						</Table.Thead>
						<Table.Tbody>
							{sessions.data.map((s) => (
								<Table.Tr key={s.sessionId} data-testid={`session-${s.sessionId}`}>
									<Table.Td>{new Date(s.createdAt).toLocaleString()}</Table.Td>
									<Table.Td>{s.placeId ?? "—"}</Table.Td>
									<Table.Td>{s.contentId}</Table.Td>
									<Table.Td>{s.players}</Table.Td>
									<Table.Td>
										<Badge variant="filled" color={s.status === "active" ? GOOD : NEUTRAL}>
											{s.status}
										</Badge>
									</Table.Td>
									<Table.Td>
										<Group gap="xs">
											<Link to={`/sessions/${s.sessionId}/live`} aria-label={`Live view of the session started ${new Date(s.createdAt).toLocaleString()}`}>
												Live
											</Link>
											<Link to={`/sessions/${s.sessionId}/results`} aria-label={`Results of the session started ${new Date(s.createdAt).toLocaleString()}`}>
												Results
											</Link>
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
