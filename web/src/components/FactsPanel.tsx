import { Button, Paper, Select, Stack, Text, TextInput, Textarea, Title, NumberInput } from "@mantine/core";
import { useEffect, useState } from "react";
import type { RequestJson } from "../api/types";

/** What the conversation collected, as its start route accepts it back when the teacher edits it. */
export type Facts = NonNullable<RequestJson<"/api/v1/roblox/conversation/start", "post">["context"]>;

const LABELS: Record<string, string> = {
	subject: "Subject",
	grade_level: "Grade",
	learning_objectives: "Learning objectives",
	theme: "Theme",
	environment_type: "Environment",
	interactive_elements: "Interactive elements",
	difficulty: "Difficulty",
	question_count: "Questions",
};

/**
 * What the assistant has understood so far. Editing saves by starting a fresh conversation seeded
 * with the edited facts (the API's `context`): known facts let their stages pass at once.
 */
export function FactsPanel({
	facts,
	missing,
	busy,
	onSave,
}: {
	facts: Facts;
	missing: string[];
	busy: boolean;
	onSave: (facts: Facts) => void;
}) {
	const [editing, setEditing] = useState(false);
	const [draft, setDraft] = useState<Facts>(facts);
	useEffect(() => setDraft(facts), [facts]);
	const shown = Object.entries(facts).filter(([key]) => key in LABELS);

	return (
		<Paper withBorder p="sm">
			<Stack gap="xs">
				<Title order={3} size="h4">
					What I know so far
				</Title>
				{!editing ? (
					<>
						{shown.length === 0 ? (
							<Text size="sm">Nothing yet.</Text>
						) : (
							<dl style={{ margin: 0 }} data-testid="facts">
								{shown.map(([key, value]) => (
									<div key={key}>
										<Text component="dt" size="xs" fw={700}>
											{LABELS[key]}
										</Text>
										<Text component="dd" size="sm" ml={0} mb={4}>
											{Array.isArray(value) ? value.join(", ") : String(value)}
										</Text>
									</div>
								))}
							</dl>
						)}
						{missing.length > 0 && (
							<Text size="sm">Still needed: {missing.map((m) => LABELS[m] ?? m).join(", ")}</Text>
						)}
						<Button variant="outline" size="xs" onClick={() => setEditing(true)}>
							Edit facts
						</Button>
					</>
				) : (
					<form
						onSubmit={(e) => {
							e.preventDefault();
							onSave(clean(draft));
						}}
						aria-label="Edit facts"
					>
						<Stack gap="xs">
							<TextInput
								label="Subject"
								value={draft.subject ?? ""}
								onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })}
							/>
							<NumberInput
								label="Grade"
								min={1}
								max={12}
								value={draft.grade_level ?? ""}
								onChange={(v) =>
									setDraft({ ...draft, grade_level: typeof v === "number" ? v : undefined })
								}
							/>
							<Textarea
								label="Learning objectives (one per line)"
								value={(draft.learning_objectives ?? []).join("\n")}
								onChange={(e) =>
									setDraft({ ...draft, learning_objectives: lines(e.currentTarget.value) })
								}
								autosize
								minRows={2}
							/>
							<TextInput
								label="Theme"
								value={draft.theme ?? ""}
								onChange={(e) => setDraft({ ...draft, theme: e.currentTarget.value })}
							/>
							<TextInput
								label="Environment"
								value={draft.environment_type ?? ""}
								onChange={(e) => setDraft({ ...draft, environment_type: e.currentTarget.value })}
							/>
							<Select
								label="Difficulty"
								data={["easy", "medium", "hard"]}
								value={draft.difficulty ?? null}
								onChange={(v) =>
									setDraft({ ...draft, difficulty: (v ?? undefined) as Facts["difficulty"] })
								}
								clearable
							/>
							<Button type="submit" size="xs" loading={busy}>
								Save facts
							</Button>
							<Button variant="subtle" size="xs" onClick={() => setEditing(false)}>
								Cancel
							</Button>
						</Stack>
					</form>
				)}
			</Stack>
		</Paper>
	);
}

const lines = (text: string) =>
	text
		.split("\n")
		.map((l) => l.trim())
		.filter(Boolean);

/** Only the facts the API's context accepts, without empty values. */
function clean(facts: Facts): Facts {
	const out: Facts = {};
	if (facts.subject?.trim()) out.subject = facts.subject.trim();
	if (facts.grade_level) out.grade_level = facts.grade_level;
	if (facts.learning_objectives?.length) out.learning_objectives = facts.learning_objectives;
	if (facts.theme?.trim()) out.theme = facts.theme.trim();
	if (facts.environment_type?.trim()) out.environment_type = facts.environment_type.trim();
	if (facts.interactive_elements?.length) out.interactive_elements = facts.interactive_elements;
	if (facts.difficulty) out.difficulty = facts.difficulty;
	return out;
}
