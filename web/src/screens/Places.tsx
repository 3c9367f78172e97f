import {
	Alert,
	Badge,
	Button,
	Code,
	CopyButton,
	Group,
	List,
	Paper,
	Select,
	Stack,
	Table,
	Text,
	TextInput,
	Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { GOOD, WAITING } from "../colours";
import { DataTable } from "../components/DataTable";
import { api, errorMessage, must } from "../api/client";
import type { Json } from "../api/types";
import { Empty, Failed, Loading } from "../components/States";

/** The Roblox Secret the place's BackendClient reads (HttpService:GetSecret). */
export const SECRET_NAME = "classroom_place_key";

/**
 * Places: register one (mint its place key, shown once), see what each runs. Reached from a
 * lesson (/lessons/:id/publish) it also applies that lesson to a place and shows when the live
 * place picked it up.
 */
export function Places() {
	const { contentId } = useParams();
	const places = useQuery({
		queryKey: ["places"],
		queryFn: async () => must(await api.GET("/v2/roblox/places")).places,
		// While a lesson waits to be picked up, follow the place's poll.
		refetchInterval: (query) => (query.state.data?.some((p) => p.applied && !p.applied.live) ? 2000 : false),
	});
	return (
		<Stack>
			<Title order={2}>{contentId ? "Publish to a place" : "Places"}</Title>
			{contentId && (
				<Text>
					Lesson <Code>{contentId}</Code>
				</Text>
			)}
			{places.isPending ? (
				<Loading label="Loading places" />
			) : places.isError ? (
				<Failed error={places.error} retry={() => void places.refetch()} />
			) : (
				<>
					{contentId && places.data.length > 0 && (
						<Apply contentId={contentId} places={places.data.map((p) => p.placeId)} />
					)}
					{places.data.length === 0 ? (
						<Empty title="No places yet">
							Register your Roblox place below: you get a place key to put in its Secrets.
						</Empty>
					) : (
						<PlaceTable places={places.data} />
					)}
				</>
			)}
			<RegisterPlace />
		</Stack>
	);
}

type PlaceRow = Json<"/v2/roblox/places", "get">["places"][number];

function PlaceTable({ places }: { places: PlaceRow[] }) {
	return (
		<DataTable label="Places" columns={["Place", "Universe", "Lesson applied", "Live place"]}>
			{places.map((p) => (
				<Table.Tr key={p.placeId} data-testid={`place-${p.placeId}`}>
					<Table.Td>
						{p.name || p.placeId}{" "}
						<Text span size="xs">
							({p.placeId})
						</Text>
					</Table.Td>
					<Table.Td>{p.universeId}</Table.Td>
					<Table.Td>
						{p.applied ? `${p.applied.contentId} (revision ${p.applied.revision})` : "none"}
					</Table.Td>
					<Table.Td aria-live="polite">
						{!p.applied ? (
							"—"
						) : p.applied.live ? (
							<Badge color={GOOD} variant="filled">
								Picked up {new Date(p.applied.pickedUpAt!).toLocaleTimeString()}
							</Badge>
						) : (
							<Badge color={WAITING} variant="filled">
								Waiting for the place
							</Badge>
						)}
					</Table.Td>
				</Table.Tr>
			))}
		</DataTable>
	);
}

function Apply({ contentId, places }: { contentId: string; places: string[] }) {
	const queryClient = useQueryClient();
	const [placeId, setPlaceId] = useState<string | null>(places[0] ?? null);
	const apply = useMutation({
		mutationFn: async () =>
			must(
				await api.POST("/v2/roblox/apply-content", {
					body: { contentId, placeId: placeId!, applyTerrain: true, applyObjects: true, applyQuiz: true },
				}),
			),
		onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["places"] }),
	});
	return (
		<Paper withBorder p="md">
			<Group align="flex-end">
				<Select label="Place" data={places} value={placeId} onChange={setPlaceId} allowDeselect={false} />
				<Button onClick={() => apply.mutate()} loading={apply.isPending} disabled={!placeId}>
					Apply the lesson
				</Button>
			</Group>
			{apply.isSuccess && (
				<Text role="status" mt="xs">
					Applied (revision {apply.data.revision}). The live place picks it up on its next poll.
				</Text>
			)}
			{apply.isError && (
				<Text c="red.8" role="alert" mt="xs">
					{errorMessage(apply.error)}
				</Text>
			)}
		</Paper>
	);
}

function RegisterPlace() {
	const queryClient = useQueryClient();
	const [universeId, setUniverseId] = useState("");
	const [placeId, setPlaceId] = useState("");
	const [name, setName] = useState("");
	const mint = useMutation({
		mutationFn: async () =>
			must(
				await api.POST("/v2/roblox/place-keys", {
					body: { universeId: universeId.trim(), placeId: placeId.trim(), name: name.trim() || undefined },
				}),
			),
		onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["places"] }),
	});
	function submit(event: FormEvent) {
		event.preventDefault();
		mint.mutate();
	}
	return (
		<Paper withBorder p="md" component="section" aria-labelledby="register-title">
			<Title order={3} size="h4" id="register-title">
				Register a place
			</Title>
			<Text size="sm" mb="xs">
				The ids are in the Creator Hub (the experience's universe id and its start place id).
			</Text>
			<form onSubmit={submit} aria-label="Register a place">
				<Group align="flex-end">
					<TextInput
						label="Universe id"
						required
						value={universeId}
						onChange={(e) => setUniverseId(e.currentTarget.value)}
					/>
					<TextInput
						label="Place id"
						required
						value={placeId}
						onChange={(e) => setPlaceId(e.currentTarget.value)}
					/>
					<TextInput label="Name (optional)" value={name} onChange={(e) => setName(e.currentTarget.value)} />
					<Button type="submit" loading={mint.isPending}>
						Mint a place key
					</Button>
				</Group>
			</form>
			{mint.isError && (
				<Text c="red.8" role="alert" mt="xs">
					{errorMessage(mint.error)}
				</Text>
			)}
			{mint.data && (
				<Alert color="indigo" title="Your place key (shown once)" mt="md" role="status">
					<Stack gap="xs">
						<Group gap="xs" wrap="nowrap">
							<Code data-testid="place-key" style={{ wordBreak: "break-all" }}>
								{mint.data.key}
							</Code>
							<CopyButton value={mint.data.key}>
								{({ copied, copy }) => (
									<Button size="xs" onClick={copy} variant={copied ? "filled" : "outline"}>
										{copied ? "Copied" : "Copy key"}
									</Button>
								)}
							</CopyButton>
						</Group>
						<Text size="sm">Copy it now: it is not shown again. Put it in the place's Roblox Secrets:</Text>
						<List size="sm" type="ordered">
							<List.Item>Open the experience in the Creator Hub, then Configure → Secrets.</List.Item>
							<List.Item>
								Create a secret named <Code>{SECRET_NAME}</Code> with the key as its value, allowed
								domain <Code>{window.location.hostname}</Code>.
							</List.Item>
							<List.Item>
								Restart the place's servers: the classroom reads the secret with HttpService:GetSecret
								at start.
							</List.Item>
						</List>
					</Stack>
				</Alert>
			)}
		</Paper>
	);
}
