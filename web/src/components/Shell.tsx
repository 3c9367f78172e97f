import { AppShell, Burger, Button, Group, NavLink, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../api/client";
import { session, type SessionUser } from "../auth/session";

const NAV = [
	{ to: "/classes", label: "Classes" },
	{ to: "/lessons/new", label: "Build a lesson" },
	{ to: "/lessons", label: "Lessons" },
	{ to: "/places", label: "Places" },
	{ to: "/sessions", label: "Sessions" },
	{ to: "/device", label: "Connect Studio" },
];

/** The signed-in frame: header with the teacher and sign-out, navigation (a drawer on tablets). */
export function Shell({ user, children }: { user: SessionUser; children: ReactNode }) {
	const [opened, { toggle, close }] = useDisclosure(false);
	const location = useLocation();
	const queryClient = useQueryClient();

	async function signOut() {
		const refresh_token = session.refreshToken();
		if (refresh_token) await api.POST("/v2/auth/logout", { body: { refresh_token } }).catch(() => undefined);
		queryClient.clear();
		session.signOut();
	}

	return (
		<AppShell
			header={{ height: 60 }}
			navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
			padding="md"
		>
			<a className="skip-link" href="#main">
				Skip to content
			</a>
			<AppShell.Header>
				<Group h="100%" px="md" justify="space-between" wrap="nowrap">
					<Group wrap="nowrap">
						<Burger
							opened={opened}
							onClick={toggle}
							hiddenFrom="sm"
							size="sm"
							aria-label="Toggle navigation"
						/>
						<Title order={1} size="h3">
							Roblox Classroom
						</Title>
					</Group>
					<Group wrap="nowrap">
						<Text size="sm" visibleFrom="xs">
							{user.display_name ?? user.username}
						</Text>
						<Button variant="outline" size="xs" onClick={() => void signOut()}>
							Sign out
						</Button>
					</Group>
				</Group>
			</AppShell.Header>
			<AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
				{NAV.map((item) => (
					<NavLink
						key={item.to}
						component={Link}
						to={item.to}
						label={item.label}
						onClick={close}
						active={
							location.pathname === item.to ||
							(item.to !== "/lessons" && location.pathname.startsWith(item.to + "/"))
						}
						aria-current={location.pathname === item.to ? "page" : undefined}
					/>
				))}
			</AppShell.Navbar>
			<AppShell.Main id="main" component="main">
				{children}
			</AppShell.Main>
		</AppShell>
	);
}
