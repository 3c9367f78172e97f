import { useSyncExternalStore } from "react";
import { Navigate, Route, Routes } from "react-router";
import { session } from "./auth/session";
import { Shell } from "./components/Shell";
import { ClassDetail } from "./screens/ClassDetail";
import { Classes } from "./screens/Classes";
import { SignIn } from "./screens/SignIn";

/** Routes: sign-in for everyone else, the teacher's screens inside the shell once signed in. */
export function App() {
	const user = useSyncExternalStore(session.subscribe, session.user);
	if (!user) return <SignIn />;
	return (
		<Shell user={user}>
			<Routes>
				<Route path="/" element={<Navigate to="/classes" replace />} />
				<Route path="/classes" element={<Classes />} />
				<Route path="/classes/:classId" element={<ClassDetail />} />
				<Route path="*" element={<Navigate to="/classes" replace />} />
			</Routes>
		</Shell>
	);
}
