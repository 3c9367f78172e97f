/** Badge and status colours dark enough for white text at WCAG AA (4.5:1); Mantine's green-9/yellow-9 are not. */
export const GOOD = "#1b6e2e";
export const WAITING = "#7a4100";
export const NEUTRAL = "#343a40";
