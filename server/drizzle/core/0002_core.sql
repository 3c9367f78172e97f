CREATE TABLE "secret_fingerprints" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"jwt_secret" text NOT NULL,
	"credentials_key" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
