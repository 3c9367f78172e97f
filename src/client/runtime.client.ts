import { Flamework } from "@flamework/core";

Flamework.addPaths("src/client");
Flamework.ignite();
