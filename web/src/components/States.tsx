import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** The three states every screen shows the same way: loading, failed (with retry), empty. */
export function Loading({ label }: { label: string }) {
	return (
		<Center py="xl" role="status" aria-live="polite">
			<Stack align="center" gap="xs">
				<Loader aria-hidden />
				<Text size="sm">{label}</Text>
			</Stack>
		</Center>
	);
}

export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
	return (
		<Alert color="red" title="Could not load this" role="alert">
			<Stack gap="xs" align="flex-start">
				<Text size="sm">{error instanceof Error ? error.message : String(error)}</Text>
				{retry && (
					<Button size="xs" variant="outline" color="red" onClick={retry}>
						Try again
					</Button>
				)}
			</Stack>
		</Alert>
	);
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
	return (
		<Alert color="gray" title={title} variant="light">
			{children}
		</Alert>
	);
}
