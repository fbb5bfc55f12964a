-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "dueAt" DATETIME;

-- CreateTable
CREATE TABLE "ModuleProgress" (
    "enrolmentId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "state" TEXT NOT NULL,

    PRIMARY KEY ("enrolmentId", "moduleId"),
    CONSTRAINT "ModuleProgress_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReminderLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enrolmentId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReminderLog_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Enrolment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "courseVersionId" TEXT NOT NULL,
    "organisationId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'self',
    "enrolledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" DATETIME,
    "completedAt" DATETIME,
    "progressState" TEXT NOT NULL DEFAULT 'not_started',
    "progressPercent" INTEGER NOT NULL DEFAULT 0,
    "lastActivityAt" DATETIME,
    "progressAt" DATETIME,
    "lastReminderAt" DATETIME,
    CONSTRAINT "Enrolment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Enrolment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Enrolment_courseVersionId_fkey" FOREIGN KEY ("courseVersionId") REFERENCES "CourseVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Enrolment_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Enrolment" ("completedAt", "courseId", "courseVersionId", "dueAt", "enrolledAt", "id", "organisationId", "source", "userId") SELECT "completedAt", "courseId", "courseVersionId", "dueAt", "enrolledAt", "id", "organisationId", "source", "userId" FROM "Enrolment";
DROP TABLE "Enrolment";
ALTER TABLE "new_Enrolment" RENAME TO "Enrolment";
CREATE INDEX "Enrolment_userId_courseId_idx" ON "Enrolment"("userId", "courseId");
CREATE INDEX "Enrolment_organisationId_userId_idx" ON "Enrolment"("organisationId", "userId");
CREATE INDEX "Enrolment_organisationId_progressState_idx" ON "Enrolment"("organisationId", "progressState");
CREATE INDEX "Enrolment_organisationId_courseId_idx" ON "Enrolment"("organisationId", "courseId");
CREATE INDEX "Enrolment_courseId_progressState_idx" ON "Enrolment"("courseId", "progressState");
CREATE INDEX "Enrolment_dueAt_idx" ON "Enrolment"("dueAt");
CREATE INDEX "Enrolment_lastActivityAt_idx" ON "Enrolment"("lastActivityAt");
CREATE UNIQUE INDEX "Enrolment_userId_courseVersionId_key" ON "Enrolment"("userId", "courseVersionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ModuleProgress_moduleId_state_idx" ON "ModuleProgress"("moduleId", "state");

-- CreateIndex
CREATE INDEX "ModuleProgress_enrolmentId_state_moduleId_idx" ON "ModuleProgress"("enrolmentId", "state", "moduleId");

-- CreateIndex
CREATE INDEX "ReminderLog_enrolmentId_sentAt_idx" ON "ReminderLog"("enrolmentId", "sentAt");

