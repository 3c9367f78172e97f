import { Badge, Group, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { GOOD, NEUTRAL } from "../colours";
import { api, must } from "../api/client";
import { DataTable } from "../components/DataTable";
import { QueryList } from "../components/QueryList";

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
			<QueryList
				query={sessions}
				loading="Loading sessions"
				emptyTitle="No sessions yet"
				empty="Sessions appear here when a teacher launches a lesson in a place."
			>
				{(items) => (
					<DataTable label="Sessions" columns={["Started", "Place", "Lesson", "Players", "Status", "Open"]}>
						{items.map((s) => {
							const started = new Date(s.createdAt).toLocaleString();
							return (
								<Table.Tr key={s.sessionId} data-testid={`session-${s.sessionId}`}>
									<Table.Td>{started}</Table.Td>
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
											<Link
												to={`/sessions/${s.sessionId}/live`}
												aria-label={`Live view of the session started ${started}`}
											>
												Live
											</Link>
											<Link
												to={`/sessions/${s.sessionId}/results`}
												aria-label={`Results of the session started ${started}`}
											>
												Results
											</Link>
										</Group>
									</Table.Td>
								</Table.Tr>
							);
						})}
					</DataTable>
				)}
			</QueryList>
		</Stack>
	);
}
