import { Alert, Button, Group, Paper, Progress, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, must } from "../api/client";
import { useSocket } from "../realtime/useSocket";

/**
 * Generation progress, live over the Roblox realtime WebSocket (/api/v1/roblox/ws, the same
 * channel Pusher carries when configured), with the status route polled as a fallback.
 */
export function GenerationProgress({ generationId, channel }: { generationId: string; channel: string }) {
	const [live, setLive] = useState<{ progress: number; message: string } | null>(null);
	const status = useQuery({
		queryKey: ["generation", generationId],
		queryFn: async () =>
			must(
				await api.GET("/api/v1/roblox/conversation/generations/{generation_id}", {
					params: { path: { generation_id: generationId } },
				}),
			),
		refetchInterval: (query) => (query.state.data?.status === "in_progress" || !query.state.data ? 1500 : false),
	});
	useSocket("/api/v1/roblox/ws", {
		onOpen: (send) => send({ type: "subscribe", channel }),
		onMessage: (message) => {
			if (message.type !== "event" || message.channel !== channel) return;
			const data = (message.data ?? {}) as { progress?: number; message?: string };
			if (message.event === "generation-progress" && typeof data.progress === "number")
				setLive({ progress: data.progress, message: data.message ?? "" });
			if (message.event === "generation-complete" || message.event === "error-occurred") void status.refetch();
		},
	});
	const s = status.data;
	const progress = s?.status === "completed" ? 100 : Math.max(live?.progress ?? 0, s?.progress ?? 0);
	return (
		<Paper withBorder p="md">
			<Stack gap="xs">
				<Text fw={700}>Generating the lesson</Text>
				<Progress value={progress} aria-label="Generation progress" />
				<Text size="sm" role="status" aria-live="polite" data-testid="generation-status">
					{s?.status === "completed"
						? "Done: the lesson is ready to review."
						: s?.status === "failed"
							? "Generation failed."
							: `${progress}% ${live?.message ?? ""}`}
				</Text>
				{s?.status === "failed" && (
					<Alert color="red" role="alert" title="Generation failed">
						{s.error}
					</Alert>
				)}
				{s?.status === "completed" && s.content_id && (
					<Group>
						<Button component={Link} to={`/lessons/${s.content_id}/review`}>
							Review the questions
						</Button>
					</Group>
				)}
			</Stack>
		</Paper>
	);
}
