import { useSyncExternalStore } from "react";
import { Navigate, Route, Routes } from "react-router";
import { session } from "./auth/session";
import { Shell } from "./components/Shell";
import { ClassDetail } from "./screens/ClassDetail";
import { Classes } from "./screens/Classes";
import { BuildLesson, NewLesson } from "./screens/BuildLesson";
import { DeviceSignIn } from "./screens/DeviceSignIn";
import { Lessons } from "./screens/Lessons";
import { LiveSession } from "./screens/LiveSession";
import { Places } from "./screens/Places";
import { Results } from "./screens/Results";
import { ReviewLesson } from "./screens/ReviewLesson";
import { Sessions } from "./screens/Sessions";
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
				<Route path="/lessons" element={<Lessons />} />
				<Route path="/lessons/new" element={<NewLesson />} />
				<Route path="/lessons/build/:sessionId" element={<BuildLesson />} />
				<Route path="/lessons/:contentId/review" element={<ReviewLesson />} />
				<Route path="/lessons/:contentId/publish" element={<Places />} />
				<Route path="/places" element={<Places />} />
				<Route path="/sessions" element={<Sessions />} />
				<Route path="/sessions/:sessionId/live" element={<LiveSession />} />
				<Route path="/sessions/:sessionId/results" element={<Results />} />
				<Route path="/device" element={<DeviceSignIn />} />
				<Route path="*" element={<Navigate to="/classes" replace />} />
			</Routes>
		</Shell>
	);
}
