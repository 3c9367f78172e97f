/**
 * The OAuth clients that may start a device authorization. All are public clients (RFC 6749
 * §2.1): an installed Studio plugin cannot keep a secret, so the client id only names who is
 * asking, and the teacher sees that name before approving.
 */
export interface DeviceClient {
	name: string;
	description: string;
}

export const DEVICE_CLIENTS: Readonly<Record<string, DeviceClient>> = {
	"classroom-studio-plugin": {
		name: "Classroom Studio plugin",
		description: "The Roblox Studio plugin: builds lessons with you and inserts them into the place open in Studio.",
	},
};

export const deviceClient = (clientId: string): DeviceClient | undefined => (Object.hasOwn(DEVICE_CLIENTS, clientId) ? DEVICE_CLIENTS[clientId] : undefined);
