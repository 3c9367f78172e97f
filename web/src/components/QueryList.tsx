import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Empty, Failed, Loading } from "./States";

/**
 * A list query in the states every screen shows the same way: loading, failed (with retry),
 * empty, and then the items themselves.
 */
export function QueryList<T>({
	query,
	loading,
	emptyTitle,
	empty,
	children,
}: {
	query: UseQueryResult<T[]>;
	loading: string;
	emptyTitle: string;
	empty: ReactNode;
	children: (items: T[]) => ReactNode;
}) {
	if (query.isPending) return <Loading label={loading} />;
	if (query.isError) return <Failed error={query.error} retry={() => void query.refetch()} />;
	if (query.data.length === 0) return <Empty title={emptyTitle}>{empty}</Empty>;
	return <>{children(query.data)}</>;
}
