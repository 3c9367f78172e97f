#!/usr/bin/env node
import { installShutdown } from "./lifecycle.js";

// Signal handlers come first, before the CLI and its dependencies load: Ctrl-C or SIGTERM at
// any moment of start-up closes what is open and releases the DATA_DIR lock.
const shutdown = installShutdown();
const { runCli } = await import("./cli.js");
await runCli(shutdown);
