-- DropIndex
DROP INDEX "trials_partner_id_status_idx";

-- CreateIndex
CREATE INDEX "trials_partner_id_status_end_date_idx" ON "trials"("partner_id", "status", "end_date");

-- CreateIndex
CREATE INDEX "trials_status_end_date_idx" ON "trials"("status", "end_date");
