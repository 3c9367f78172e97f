import { createTheme } from "@mantine/core";

// Darker shades than Mantine's defaults so white-on-primary buttons and links pass WCAG AA (4.5:1).
export const theme = createTheme({
	primaryColor: "indigo",
	primaryShade: { light: 8, dark: 5 },
	fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
	defaultRadius: "md",
});
