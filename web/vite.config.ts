import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev`: Vite serves the app and forwards the APIs (and their WebSockets) to the backend
// started with `npm start` (or BACKEND_URL), so the app talks to one origin as in production.
const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:8009";
const api = { target: backend, changeOrigin: false, ws: true };

export default defineConfig({
	plugins: [react()],
	server: { port: 5173, host: "127.0.0.1", proxy: { "/v2": api, "/api": api, "/openapi.json": api } },
	build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
