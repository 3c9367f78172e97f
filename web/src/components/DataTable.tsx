import { Table } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A labelled table that scrolls sideways on narrow screens, with column headers scoped for
 * screen readers; the rows are the caller's.
 */
export function DataTable({
	label,
	columns,
	minWidth = 600,
	striped,
	testId,
	children,
}: {
	label: string;
	columns: string[];
	minWidth?: number;
	striped?: boolean;
	testId?: string;
	children: ReactNode;
}) {
	return (
		<Table.ScrollContainer minWidth={minWidth}>
			<Table striped={striped} aria-label={label} data-testid={testId}>
				<Table.Thead>
					<Table.Tr>
						{columns.map((column) => (
							<Table.Th scope="col" key={column}>
								{column}
							</Table.Th>
						))}
					</Table.Tr>
				</Table.Thead>
				<Table.Tbody>{children}</Table.Tbody>
			</Table>
		</Table.ScrollContainer>
	);
}
