-- AlterTable
ALTER TABLE "processed_events" ADD COLUMN     "claim_until" TIMESTAMPTZ(3),
ADD COLUMN     "claimed_by" TEXT;

-- CreateTable
CREATE TABLE "pending_confirmations" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_confirmations_pkey" PRIMARY KEY ("key")
);
