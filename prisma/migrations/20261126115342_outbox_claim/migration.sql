-- AlterTable
ALTER TABLE "outbox" ADD COLUMN     "claimed_at" TIMESTAMPTZ(3);
