import { useEffect, useRef } from "react";
import { session } from "../auth/session";

/**
 * A WebSocket to one of the backend's realtime endpoints on this origin, authenticated with the
 * access token as its first message; `onOpen` runs after authentication (to subscribe), `onMessage`
 * for every message. Reconnects after a drop (with a fresh token). Screens keep polling as a
 * fallback, so a missing socket only makes updates slower.
 */
export function useSocket(path: string | null, handlers: { onOpen?: (send: (message: unknown) => void) => void; onMessage: (message: Record<string, unknown>) => void }): void {
	const latest = useRef(handlers);
	latest.current = handlers;
	useEffect(() => {
		if (!path) return;
		let socket: WebSocket | undefined;
		let closed = false;
		let retry: ReturnType<typeof setTimeout> | undefined;
		const connect = () => {
			const url = new URL(path, window.location.href);
			url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
			socket = new WebSocket(url);
			const send = (message: unknown) => socket?.readyState === WebSocket.OPEN && socket.send(JSON.stringify(message));
			socket.onopen = () => send({ type: "auth", token: session.accessToken() });
			socket.onmessage = (event) => {
				let message: Record<string, unknown>;
				try {
					message = JSON.parse(String(event.data));
				} catch {
					return;
				}
				if (message.type === "authenticated" || (message.type === "auth" && message.status === "authenticated")) latest.current.onOpen?.(send);
				latest.current.onMessage(message);
			};
			socket.onclose = (event) => {
				if (closed) return;
				// 4401: the token expired; refresh it before reconnecting.
				if (event.code === 4401) void session.refresh();
				retry = setTimeout(connect, 2000);
			};
			socket.onerror = () => undefined;
		};
		connect();
		return () => {
			closed = true;
			clearTimeout(retry);
			socket?.close();
		};
	}, [path]);
}
