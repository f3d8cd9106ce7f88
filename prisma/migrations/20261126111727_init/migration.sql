-- CreateTable
CREATE TABLE "partners" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "email_domains" TEXT[],
    "webex_org_id" TEXT,

    CONSTRAINT "partners_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "people" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "webex_person_id" TEXT,
    "partner_id" TEXT,
    "role" TEXT NOT NULL,
    "language" TEXT NOT NULL,

    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spaces" (
    "room_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "partner_id" TEXT,
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spaces_pkey" PRIMARY KEY ("room_id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "vertical" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "webex_org_id" TEXT,
    "purchased_services" TEXT[],

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_admins" (
    "customer_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "customer_admins_pkey" PRIMARY KEY ("customer_id","email")
);

-- CreateTable
CREATE TABLE "managing_partners" (
    "customer_id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "access" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "managing_partners_pkey" PRIMARY KEY ("customer_id","partner_id")
);

-- CreateTable
CREATE TABLE "trials" (
    "id" TEXT NOT NULL,
    "partner_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "services" TEXT[],
    "length_days" INTEGER NOT NULL,
    "time_zone" TEXT NOT NULL,
    "meetings_site_url" TEXT,
    "meetings_time_zone" TEXT,
    "device_order" JSONB,
    "start_date" DATE,
    "end_date" DATE,
    "consent_admin_email" TEXT,
    "consent_requested_at" TIMESTAMPTZ(3),
    "consent_deadline" TIMESTAMPTZ(3),
    "partner_access" TEXT,
    "conversion" JSONB,
    "extension_days" INTEGER,
    "extension_requested_by" TEXT,
    "extension_requested_at" TIMESTAMPTZ(3),
    "cancel_reason" TEXT,
    "handled_timers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "trials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_units" (
    "id" TEXT NOT NULL,
    "trial_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "serial_shipped" TEXT NOT NULL,
    "serial_returned" TEXT,
    "eula_expiry_date" DATE NOT NULL,
    "country" TEXT NOT NULL,
    "carrier" TEXT NOT NULL,
    "return_status" TEXT NOT NULL,
    "shipped_at" TIMESTAMPTZ(3) NOT NULL,
    "returned_at" TIMESTAMPTZ(3),

    CONSTRAINT "device_units_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timers" (
    "trial_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "timers_pkey" PRIMARY KEY ("trial_id","kind")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "partner_id" TEXT,
    "customer_id" TEXT,
    "trial_id" TEXT,
    "details" JSONB NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "message" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "webex_message_id" TEXT,
    "last_error" TEXT,

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "partners_name_idx" ON "partners"("name");

-- CreateIndex
CREATE UNIQUE INDEX "people_email_key" ON "people"("email");

-- CreateIndex
CREATE UNIQUE INDEX "people_webex_person_id_key" ON "people"("webex_person_id");

-- CreateIndex
CREATE INDEX "people_partner_id_idx" ON "people"("partner_id");

-- CreateIndex
CREATE INDEX "people_role_idx" ON "people"("role");

-- CreateIndex
CREATE INDEX "spaces_kind_partner_id_idx" ON "spaces"("kind", "partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "customers_handle_key" ON "customers"("handle");

-- CreateIndex
CREATE INDEX "customers_name_idx" ON "customers"("name");

-- CreateIndex
CREATE INDEX "customer_admins_email_idx" ON "customer_admins"("email");

-- CreateIndex
CREATE INDEX "managing_partners_partner_id_idx" ON "managing_partners"("partner_id");

-- CreateIndex
CREATE INDEX "trials_partner_id_status_idx" ON "trials"("partner_id", "status");

-- CreateIndex
CREATE INDEX "trials_customer_id_idx" ON "trials"("customer_id");

-- CreateIndex
CREATE INDEX "trials_end_date_idx" ON "trials"("end_date");

-- CreateIndex
CREATE INDEX "trials_meetings_site_url_idx" ON "trials"("meetings_site_url");

-- CreateIndex
CREATE INDEX "device_units_trial_id_idx" ON "device_units"("trial_id");

-- CreateIndex
CREATE INDEX "timers_due_at_idx" ON "timers"("due_at");

-- CreateIndex
CREATE INDEX "audit_log_customer_id_id_idx" ON "audit_log"("customer_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_trial_id_id_idx" ON "audit_log"("trial_id", "id");

-- CreateIndex
CREATE INDEX "processed_events_at_idx" ON "processed_events"("at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_seq_key" ON "outbox"("seq");

-- CreateIndex
CREATE INDEX "outbox_state_created_at_seq_idx" ON "outbox"("state", "created_at", "seq");

-- AddForeignKey
ALTER TABLE "people" ADD CONSTRAINT "people_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spaces" ADD CONSTRAINT "spaces_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_admins" ADD CONSTRAINT "customer_admins_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "managing_partners" ADD CONSTRAINT "managing_partners_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "managing_partners" ADD CONSTRAINT "managing_partners_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trials" ADD CONSTRAINT "trials_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partners"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trials" ADD CONSTRAINT "trials_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_units" ADD CONSTRAINT "device_units_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timers" ADD CONSTRAINT "timers_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE CASCADE ON UPDATE CASCADE;
