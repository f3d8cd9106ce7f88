-- CreateIndex
CREATE INDEX "timers_trial_id_due_at_kind_idx" ON "timers"("trial_id", "due_at", "kind");
