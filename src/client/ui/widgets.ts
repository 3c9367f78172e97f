import { Players } from "@rbxts/services";

/**
 * Small builders for the classroom UI. Text scales with the screen (TextScaled plus a size cap),
 * every button is a GuiButton so mouse, touch and gamepad selection all work, and everything is
 * created in code so the UI exists in any place without assets.
 */
export function playerGui(): PlayerGui {
	return Players.LocalPlayer.WaitForChild("PlayerGui") as PlayerGui;
}

export function screen(name: string, displayOrder = 0): ScreenGui {
	const existing = playerGui().FindFirstChild(name);
	if (existing && existing.IsA("ScreenGui")) return existing;
	const gui = new Instance("ScreenGui");
	gui.Name = name;
	gui.ResetOnSpawn = false;
	gui.IgnoreGuiInset = false;
	gui.DisplayOrder = displayOrder;
	gui.Parent = playerGui();
	return gui;
}

export function frame(name: string, parent: Instance, position: UDim2, size: UDim2): Frame {
	const f = new Instance("Frame");
	f.Name = name;
	f.Position = position;
	f.Size = size;
	f.BackgroundColor3 = Color3.fromRGB(24, 28, 40);
	f.BackgroundTransparency = 0.15;
	f.BorderSizePixel = 0;
	f.Parent = parent;
	return f;
}

export function label(name: string, parent: Instance, text: string, position: UDim2, size: UDim2, maxTextSize = 36): TextLabel {
	const l = new Instance("TextLabel");
	l.Name = name;
	l.Text = text;
	l.Position = position;
	l.Size = size;
	l.BackgroundTransparency = 1;
	l.TextColor3 = Color3.fromRGB(245, 245, 245);
	l.TextScaled = true;
	l.TextWrapped = true;
	l.Font = Enum.Font.GothamMedium;
	limitText(l, maxTextSize);
	l.Parent = parent;
	return l;
}

export function button(name: string, parent: Instance, text: string, position: UDim2, size: UDim2, onClick: () => void): TextButton {
	const b = new Instance("TextButton");
	b.Name = name;
	b.Text = text;
	b.Position = position;
	b.Size = size;
	b.BackgroundColor3 = Color3.fromRGB(60, 90, 200);
	b.TextColor3 = Color3.fromRGB(255, 255, 255);
	b.TextScaled = true;
	b.TextWrapped = true;
	b.Font = Enum.Font.GothamBold;
	b.AutoButtonColor = true;
	b.Selectable = true;
	limitText(b, 32);
	b.Activated.Connect(() => onClick());
	b.Parent = parent;
	return b;
}

function limitText(gui: TextLabel | TextButton, max: number): void {
	const constraint = new Instance("UITextSizeConstraint");
	constraint.MaxTextSize = max;
	constraint.MinTextSize = 10;
	constraint.Parent = gui;
}
