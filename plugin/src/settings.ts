/**
 * The plugin's settings (plugin:SetSetting), behind one module. Studio stores them as JSON in a
 * settings file: a key with `.`, `"`, `\` or a newline, or a value with `\`, corrupts it, so
 * every key is a fixed identifier and values are checked before they are written. Only the
 * server address and the refresh token are kept; the access token lives in memory only.
 */
export type SettingKey = "ServerUrl" | "RefreshToken";

export class PluginSettings {
	public constructor(private readonly plugin: Plugin) {}

	public get(key: SettingKey): string | undefined {
		const [ok, value] = pcall(() => this.plugin.GetSetting(key));
		return ok && typeIs(value, "string") && value !== "" ? value : undefined;
	}

	public set(key: SettingKey, value: string | undefined): void {
		if (value !== undefined && value.find("\\", 1, true)[0] !== undefined) error(`setting ${key}: a backslash would corrupt Studio's settings file`);
		this.plugin.SetSetting(key, value);
	}
}
