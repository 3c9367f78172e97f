import { mount } from "@rbxts/vide";
import { Account } from "auth/Account";
import { DeviceFlow } from "auth/deviceFlow";
import { DEFAULT_SERVER_URL } from "config";
import { Controller } from "Controller";
import { ConversationApi } from "lesson/conversationApi";
import { LessonInserter } from "lesson/LessonInserter";
import { ProgressWatcher } from "lesson/ProgressWatcher";
import { HttpClient } from "net/HttpClient";
import { RojoProbe } from "rojo/RojoProbe";
import { PluginSettings } from "settings";
import { App } from "ui/App";
import { createStore } from "ui/store";

// The plugin's entry: a toolbar button that shows the dock widget, the widget's UI, and the
// services it drives. `plugin` is used here only; everything else receives what it needs.
const settings = new PluginSettings(plugin);
const store = createStore(settings.get("ServerUrl") ?? DEFAULT_SERVER_URL);
const http = new HttpClient(() => store.serverUrl());
const device = new DeviceFlow(http);
const account = new Account(http, device, settings);
const conversation = new ConversationApi(account);
const controller = new Controller(store, {
	settings,
	device,
	account,
	conversation,
	progress: new ProgressWatcher(conversation, account, () => store.serverUrl()),
	inserter: new LessonInserter(account),
	rojo: new RojoProbe(account),
});

const toolbar = plugin.CreateToolbar("Classroom");
const button = toolbar.CreateButton("ClassroomOpen", "Build a lesson and put it into this place", "rbxassetid://4458901886", "Classroom");
const widget = plugin.CreateDockWidgetPluginGuiAsync("ClassroomWidget", new DockWidgetPluginGuiInfo(Enum.InitialDockState.Right, false, false, 380, 600, 300, 360));
// Title is a PluginGui property the typings lack.
(widget as unknown as { Title: string }).Title = "Classroom";
widget.Name = "ClassroomWidget";
const unmount = mount(() => App(store, controller), widget);

button.Click.Connect(() => {
	widget.Enabled = !widget.Enabled;
});
widget.GetPropertyChangedSignal("Enabled").Connect(() => button.SetActive(widget.Enabled));
plugin.Unloading.Connect(() => unmount());
controller.start();
