import { Alert, Button, Group, Paper, Radio, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage, must } from "../api/client";
import { Empty, Failed, Loading } from "../components/States";

interface Draft {
	id: string;
	text: string;
	options: string[];
	correct: number;
	explanation: string;
	hints: string;
}

/**
 * Review before class: every question editable (text, options, correct answer, explanation,
 * hints), reorder, delete, regenerate one. Saved edits come back re-checked by the generator's
 * maths verifier; a question whose marked answer is wrong shows a warning.
 */
export function ReviewLesson() {
	const { contentId = "" } = useParams();
	const queryClient = useQueryClient();
	const review = useQuery({
		queryKey: ["review", contentId],
		queryFn: async () =>
			must(
				await api.GET("/v2/roblox/content/{content_id}/review", {
					params: { path: { content_id: contentId } },
				}),
			),
	});
	const [drafts, setDrafts] = useState<Draft[]>([]);
	const [dirty, setDirty] = useState(false);
	useEffect(() => {
		if (!review.data) return;
		setDrafts(
			review.data.content.quiz.questions.map((q) => ({
				id: q.id,
				text: q.text,
				options: q.options,
				correct: q.correct,
				explanation: q.explanation,
				hints: q.hints.join("\n"),
			})),
		);
		setDirty(false);
	}, [review.data]);

	const save = useMutation({
		mutationFn: async () =>
			must(
				await api.PUT("/v2/roblox/content/{content_id}/questions", {
					params: { path: { content_id: contentId } },
					body: {
						questions: drafts.map((d) => ({
							id: d.id,
							text: d.text,
							options: d.options,
							correct: d.correct,
							explanation: d.explanation,
							hints: d.hints
								.split("\n")
								.map((h) => h.trim())
								.filter(Boolean),
						})),
					},
				}),
			),
		onSuccess: (data) => queryClient.setQueryData(["review", contentId], data),
	});
	const regenerate = useMutation({
		mutationFn: async (questionId: string) =>
			must(
				await api.POST("/v2/roblox/content/{content_id}/questions/{question_id}/regenerate", {
					params: { path: { content_id: contentId, question_id: questionId } },
				}),
			),
		onSuccess: (data) => queryClient.setQueryData(["review", contentId], data),
	});

	if (review.isPending) return <Loading label="Loading the lesson" />;
	if (review.isError) return <Failed error={review.error} retry={() => void review.refetch()} />;
	const checks = new Map(review.data.checks.map((c) => [c.questionId, c]));
	const update = (index: number, patch: Partial<Draft>) => {
		setDrafts(drafts.map((d, i) => (i === index ? { ...d, ...patch } : d)));
		setDirty(true);
	};
	const move = (index: number, by: number) => {
		const next = [...drafts];
		const [item] = next.splice(index, 1);
		next.splice(index + by, 0, item);
		setDrafts(next);
		setDirty(true);
	};
	const remove = (index: number) => {
		setDrafts(drafts.filter((_, i) => i !== index));
		setDirty(true);
	};

	return (
		<Stack>
			<Group justify="space-between">
				<div>
					<Title order={2}>Review before class</Title>
					<Text>
						{review.data.request.subject}, grade {review.data.request.gradeLevel}:{" "}
						{review.data.request.learningObjectives.join("; ")}
					</Text>
				</div>
				<Group>
					<Button component={Link} to={`/lessons/${contentId}/publish`} variant="outline">
						Publish to a place
					</Button>
					<Button
						onClick={() => save.mutate()}
						loading={save.isPending}
						disabled={!dirty || drafts.length === 0}
					>
						Save changes
					</Button>
				</Group>
			</Group>
			{save.isError && (
				<Alert color="red" role="alert" title="Not saved">
					{errorMessage(save.error)}
				</Alert>
			)}
			{save.isSuccess && !dirty && <Text role="status">Saved.</Text>}
			{regenerate.isError && (
				<Alert color="red" role="alert" title="Could not regenerate">
					{errorMessage(regenerate.error)}
				</Alert>
			)}
			{drafts.length === 0 && (
				<Empty title="No questions left">Save is disabled: a lesson needs at least one question.</Empty>
			)}
			{drafts.map((d, index) => {
				const check = checks.get(d.id);
				const label = `Question ${index + 1}`;
				return (
					<Paper
						withBorder
						p="md"
						key={d.id}
						component="section"
						aria-label={label}
						data-testid={`question-${index}`}
					>
						<Stack gap="xs">
							<Group justify="space-between">
								<Title order={3} size="h4">
									{label}
								</Title>
								<Group gap="xs">
									<Button
										size="xs"
										variant="default"
										onClick={() => move(index, -1)}
										disabled={index === 0}
										aria-label={`Move ${label} up`}
									>
										Up
									</Button>
									<Button
										size="xs"
										variant="default"
										onClick={() => move(index, 1)}
										disabled={index === drafts.length - 1}
										aria-label={`Move ${label} down`}
									>
										Down
									</Button>
									<Button
										size="xs"
										variant="default"
										onClick={() => regenerate.mutate(d.id)}
										loading={regenerate.isPending && regenerate.variables === d.id}
										disabled={dirty}
										aria-label={`Regenerate ${label}`}
									>
										Regenerate
									</Button>
									<Button
										size="xs"
										color="red.8"
										variant="outline"
										onClick={() => remove(index)}
										aria-label={`Delete ${label}`}
									>
										Delete
									</Button>
								</Group>
							</Group>
							{check?.status === "wrong" && !dirty && (
								<Alert
									color="orange"
									title="The marked answer looks wrong"
									role="alert"
									data-testid={`warning-${index}`}
								>
									The maths checker disagrees: {check.reason}.
								</Alert>
							)}
							<Textarea
								label={`${label} text`}
								value={d.text}
								onChange={(e) => update(index, { text: e.currentTarget.value })}
								autosize
								minRows={1}
							/>
							<Radio.Group
								label="Options (select the correct answer)"
								value={String(d.correct)}
								onChange={(v) => update(index, { correct: Number(v) })}
							>
								<Stack gap={6} mt={4}>
									{d.options.map((option, o) => (
										<Group key={o} gap="xs" wrap="nowrap">
											<Radio value={String(o)} aria-label={`Option ${o + 1} is correct`} />
											<TextInput
												aria-label={`Option ${o + 1}`}
												value={option}
												style={{ flex: 1 }}
												onChange={(e) =>
													update(index, {
														options: d.options.map((x, k) =>
															k === o ? e.currentTarget.value : x,
														),
													})
												}
											/>
										</Group>
									))}
								</Stack>
							</Radio.Group>
							<Textarea
								label="Explanation"
								value={d.explanation}
								onChange={(e) => update(index, { explanation: e.currentTarget.value })}
								autosize
								minRows={1}
							/>
							<Textarea
								label="Hints (one per line)"
								value={d.hints}
								onChange={(e) => update(index, { hints: e.currentTarget.value })}
								autosize
								minRows={1}
							/>
						</Stack>
					</Paper>
				);
			})}
		</Stack>
	);
}
