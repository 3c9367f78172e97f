CREATE TABLE "classroom_roblox_notifications" (
	"notification_id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
