-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "claimed_by" TEXT;

-- AlterTable
ALTER TABLE "processed_events" ADD COLUMN     "envelope" JSONB,
ADD COLUMN     "handled_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "bot_settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bot_settings_pkey" PRIMARY KEY ("key")
);
