-- DropIndex
DROP INDEX "Enrolment_organisationId_courseId_idx";

-- CreateIndex
CREATE INDEX "Enrolment_organisationId_courseId_id_idx" ON "Enrolment"("organisationId", "courseId", "id");

-- CreateIndex
CREATE INDEX "Enrolment_organisationId_completedAt_idx" ON "Enrolment"("organisationId", "completedAt");

-- CreateIndex
CREATE INDEX "Enrolment_organisationId_progressAt_idx" ON "Enrolment"("organisationId", "progressAt");

