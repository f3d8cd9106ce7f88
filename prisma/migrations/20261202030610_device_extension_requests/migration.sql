-- AlterTable
ALTER TABLE "trials" ADD COLUMN     "device_days_used" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "devices_since" DATE,
ADD COLUMN     "extension_end_date" DATE,
ADD COLUMN     "extension_id" TEXT;
