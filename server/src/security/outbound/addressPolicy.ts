import ipaddr from "ipaddr.js";

/**
 * Which IP addresses a user-supplied URL may reach. Only globally routable unicast passes:
 * ipaddr.js classifies every special range (loopback, RFC 1918 private, link-local and the cloud
 * metadata address 169.254.169.254, CGNAT 100.64/10, multicast, broadcast, unspecified, reserved,
 * IPv6 ULA fc00::/7, 6to4, Teredo, NAT64...), so anything not plain "unicast" is refused.
 * IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
 * `allowLoopback` (operator setting OUTBOUND_ALLOW_LOOPBACK, for development and tests) lets
 * 127.0.0.0/8 and ::1 through as well; nothing else.
 */
export interface AddressPolicy {
	allowLoopback: boolean;
}

export function addressVerdict(address: string, policy: AddressPolicy): "allowed" | "forbidden" | "invalid" {
	if (!ipaddr.isValid(address)) return "invalid";
	let parsed = ipaddr.parse(address);
	if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
	const range = parsed.range();
	if (range === "unicast") return "allowed";
	if (range === "loopback" && policy.allowLoopback) return "allowed";
	return "forbidden";
}

export const isAllowedAddress = (address: string, policy: AddressPolicy): boolean => addressVerdict(address, policy) === "allowed";
