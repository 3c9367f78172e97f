import { Button, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, errorMessage, must } from "../api/client";
import { QueryList } from "../components/QueryList";

/** The teacher's classes (the API answers with their school's only) and a form for a new one. */
export function Classes() {
	const classes = useQuery({
		queryKey: ["classes"],
		queryFn: async () =>
			must(await api.GET("/v2/classes/", { params: { query: { page: 1, per_page: 100 } } })).data.items,
	});
	return (
		<Stack>
			<Title order={2}>Classes</Title>
			<NewClass />
			<QueryList
				query={classes}
				loading="Loading classes"
				emptyTitle="No classes yet"
				empty="Create your first class above; students join it with its join code."
			>
				{(items) => (
					<SimpleGrid
						cols={{ base: 1, sm: 2, lg: 3 }}
						component="ul"
						style={{ listStyle: "none", padding: 0 }}
					>
						{items.map((c) => (
							<Card withBorder key={c.id} component="li">
								<Stack gap={4}>
									<Title order={3} size="h4">
										<Link to={`/classes/${c.id}`}>{c.name}</Link>
									</Title>
									<Text size="sm">
										{[c.subject, c.grade_level !== null ? `Grade ${c.grade_level}` : null]
											.filter(Boolean)
											.join(" · ") || "No subject set"}
									</Text>
									<Text size="sm">
										{c.student_count} {c.student_count === 1 ? "student" : "students"} · join code{" "}
										<code>{c.join_code}</code>
									</Text>
								</Stack>
							</Card>
						))}
					</SimpleGrid>
				)}
			</QueryList>
		</Stack>
	);
}

function NewClass() {
	const queryClient = useQueryClient();
	const [name, setName] = useState("");
	const create = useMutation({
		mutationFn: async () => must(await api.POST("/v2/classes/", { body: { name: name.trim() } })),
		onSuccess: () => {
			setName("");
			void queryClient.invalidateQueries({ queryKey: ["classes"] });
		},
	});
	function submit(event: FormEvent) {
		event.preventDefault();
		if (name.trim()) create.mutate();
	}
	return (
		<form onSubmit={submit} aria-label="New class">
			<Group align="flex-end">
				<TextInput
					label="New class name"
					value={name}
					onChange={(e) => setName(e.currentTarget.value)}
					required
					error={create.isError ? errorMessage(create.error) : undefined}
				/>
				<Button type="submit" loading={create.isPending}>
					Create class
				</Button>
			</Group>
		</form>
	);
}
