import { Flamework } from "@flamework/core";

// Every module under src/server is a service, component or helper; loading the folder keeps
// new features from needing a line here.
Flamework.addPaths("src/server");
Flamework.ignite();
