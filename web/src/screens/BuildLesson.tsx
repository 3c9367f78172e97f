import {
	Alert,
	Badge,
	Box,
	Button,
	Grid,
	Group,
	Paper,
	Progress,
	Stack,
	Text,
	TextInput,
	Textarea,
	Title,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, errorMessage, must } from "../api/client";
import { Failed, Loading } from "../components/States";
import { FactsPanel, type Facts } from "../components/FactsPanel";
import { GenerationProgress } from "../components/GenerationProgress";

const STAGE_LABELS: Record<string, string> = {
	greeting: "Greeting",
	discovery: "Discovery",
	requirements: "Learning goals",
	personalization: "Personalization",
	content_design: "Content design",
	uniqueness_enhancement: "Difficulty",
	validation: "Confirmation",
	generation: "Generation",
};

/** Start page of the lesson builder: the first message opens a conversation. */
export function NewLesson() {
	const navigate = useNavigate();
	const [text, setText] = useState("");
	const start = useMutation({
		mutationFn: async () =>
			must(
				await api.POST("/api/v1/roblox/conversation/start", {
					body: { initial_message: text.trim() || undefined },
				}),
			),
		onSuccess: (data) => navigate(`/lessons/build/${data.session_id}`),
	});
	function submit(event: FormEvent) {
		event.preventDefault();
		start.mutate();
	}
	return (
		<Stack maw={720}>
			<Title order={2}>Build a lesson</Title>
			<Text>
				Describe the lesson you want. The assistant asks for what it still needs (8 steps), then generates a
				Roblox lesson you can review before class.
			</Text>
			<form onSubmit={submit} aria-label="Start a lesson">
				<Stack>
					<Textarea
						label="What would you like to teach?"
						placeholder="I want to create a maths lesson for my 5th grade class"
						value={text}
						onChange={(e) => setText(e.currentTarget.value)}
						autosize
						minRows={2}
					/>
					{start.isError && (
						<Alert color="red" role="alert" title="Could not start">
							{errorMessage(start.error)}
						</Alert>
					)}
					<Group>
						<Button type="submit" loading={start.isPending}>
							Start the conversation
						</Button>
					</Group>
				</Stack>
			</form>
		</Stack>
	);
}

/** The conversation as a chat: stage and progress, collected facts (editable), and generation. */
export function BuildLesson() {
	const { sessionId = "" } = useParams();
	const navigate = useNavigate();
	const [text, setText] = useState("");
	const [generation, setGeneration] = useState<{ id: string; channel: string } | null>(null);
	const conversation = useQuery({
		queryKey: ["conversation", sessionId],
		queryFn: async () =>
			must(
				await api.GET("/api/v1/roblox/conversation/{session_id}", {
					params: { path: { session_id: sessionId } },
				}),
			),
	});
	const say = useMutation({
		mutationFn: async (input: string) =>
			must(
				await api.POST("/api/v1/roblox/conversation/input", {
					body: { session_id: sessionId, user_input: input },
				}),
			),
		onSuccess: () => {
			setText("");
			void conversation.refetch();
		},
	});
	const generate = useMutation({
		mutationFn: async () =>
			must(await api.POST("/api/v1/roblox/conversation/generate", { body: { session_id: sessionId } })),
		onSuccess: (data) => setGeneration({ id: data.generation_id, channel: data.pusher_channel }),
	});
	const restart = useMutation({
		mutationFn: async (facts: Facts) =>
			must(
				await api.POST("/api/v1/roblox/conversation/start", {
					body: { initial_message: "Continue with the facts I edited.", context: facts },
				}),
			),
		onSuccess: (data) => navigate(`/lessons/build/${data.session_id}`),
	});

	if (conversation.isPending) return <Loading label="Loading the conversation" />;
	if (conversation.isError) return <Failed error={conversation.error} retry={() => void conversation.refetch()} />;
	const c = conversation.data;
	const ready = c.current_stage === "generation";

	function submit(event: FormEvent) {
		event.preventDefault();
		if (text.trim()) say.mutate(text.trim());
	}

	return (
		<Stack>
			<Group justify="space-between">
				<Title order={2}>Build a lesson</Title>
				<Badge size="lg" color="indigo.9" variant="filled" data-testid="stage">
					Step {c.stage_number} of {c.total_stages}: {STAGE_LABELS[c.current_stage] ?? c.current_stage}
				</Badge>
			</Group>
			<Progress value={(c.stage_number / c.total_stages) * 100} aria-label="Conversation progress" />
			<Grid>
				<Grid.Col span={{ base: 12, md: 8 }}>
					<Paper withBorder p="sm">
						<Box
							mah={360}
							style={{ overflowY: "auto" }}
							tabIndex={0}
							role="log"
							aria-live="polite"
							aria-label="Conversation"
						>
							<Stack gap="xs" p="xs">
								{c.history.map((m, i) => (
									<Paper
										key={i}
										p="xs"
										bg={m.role === "user" ? "indigo.0" : "gray.0"}
										ml={m.role === "user" ? "xl" : 0}
										mr={m.role === "user" ? 0 : "xl"}
										data-role={m.role}
									>
										<Text size="xs" fw={700}>
											{m.role === "user" ? "You" : "Assistant"}
										</Text>
										<Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
											{m.text}
										</Text>
									</Paper>
								))}
							</Stack>
						</Box>
						<form onSubmit={submit} aria-label="Reply">
							<Group align="flex-end" mt="sm">
								<TextInput
									label="Your reply"
									style={{ flex: 1 }}
									value={text}
									onChange={(e) => setText(e.currentTarget.value)}
									disabled={ready}
								/>
								<Button type="submit" loading={say.isPending} disabled={ready}>
									Send
								</Button>
							</Group>
						</form>
						{say.isError && (
							<Text c="red.8" size="sm" role="alert">
								{errorMessage(say.error)}
							</Text>
						)}
					</Paper>
				</Grid.Col>
				<Grid.Col span={{ base: 12, md: 4 }}>
					<FactsPanel
						facts={c.collected as Facts}
						missing={c.missing}
						busy={restart.isPending}
						onSave={(facts) => restart.mutate(facts)}
					/>
				</Grid.Col>
			</Grid>
			{ready && !generation && (
				<Group>
					<Button onClick={() => generate.mutate()} loading={generate.isPending}>
						Generate the lesson
					</Button>
					{generate.isError && (
						<Text c="red.8" role="alert">
							{errorMessage(generate.error)}
						</Text>
					)}
				</Group>
			)}
			{generation && <GenerationProgress generationId={generation.id} channel={generation.channel} />}
			<Text size="sm">
				<Link to="/lessons">All lessons</Link>
			</Text>
		</Stack>
	);
}
