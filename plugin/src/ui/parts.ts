import { create } from "@rbxts/vide";

/** The widget's building blocks: one look for every label, button, field and section. */
type Text = string | (() => string);
type Flag = boolean | (() => boolean);

const TEXT = Color3.fromRGB(230, 230, 230);
const MUTED = Color3.fromRGB(160, 160, 160);

export function label(name: string, text: Text, options: { visible?: Flag; order?: number; muted?: boolean } = {}) {
	return create("TextLabel", {
		Name: name,
		Text: text,
		Visible: options.visible ?? true,
		LayoutOrder: options.order ?? 0,
		TextWrapped: true,
		AutomaticSize: Enum.AutomaticSize.Y,
		Size: new UDim2(1, 0, 0, 18),
		BackgroundTransparency: 1,
		TextXAlignment: Enum.TextXAlignment.Left,
		TextColor3: options.muted ? MUTED : TEXT,
		TextSize: 14,
	});
}

export function button(name: string, text: Text, onClick: () => void, options: { visible?: Flag; order?: number } = {}) {
	return create("TextButton", {
		Name: name,
		Text: text,
		Visible: options.visible ?? true,
		LayoutOrder: options.order ?? 0,
		Size: new UDim2(1, 0, 0, 26),
		BackgroundColor3: Color3.fromRGB(0, 120, 215),
		TextColor3: Color3.fromRGB(255, 255, 255),
		TextSize: 14,
		Activated: onClick,
	});
}

export function field(name: string, placeholder: string, onEnter: (text: string) => void, options: { text?: Text; order?: number } = {}) {
	const box = create("TextBox", {
		Name: name,
		PlaceholderText: placeholder,
		Text: options.text ?? "",
		ClearTextOnFocus: false,
		LayoutOrder: options.order ?? 0,
		Size: new UDim2(1, 0, 0, 26),
		TextXAlignment: Enum.TextXAlignment.Left,
		TextSize: 14,
	});
	box.FocusLost.Connect((enterPressed) => {
		if (enterPressed) onEnter(box.Text);
	});
	return box;
}

export function section(name: string, order: number, visible: Flag, children: Array<Instance | (() => Instance[])>) {
	return create("Frame", {
		Name: name,
		LayoutOrder: order,
		Visible: visible,
		BackgroundTransparency: 1,
		AutomaticSize: Enum.AutomaticSize.Y,
		Size: new UDim2(1, 0, 0, 0),
		0: create("UIListLayout", { SortOrder: Enum.SortOrder.LayoutOrder, Padding: new UDim(0, 4) }),
		1: children,
	});
}
