-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ModuleProgress" (
    "enrolmentId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "organisationId" TEXT,
    "courseId" TEXT NOT NULL,

    PRIMARY KEY ("enrolmentId", "moduleId"),
    CONSTRAINT "ModuleProgress_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ModuleProgress_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- the existing rows take their enrolment's organisation and course (edited by hand: the
-- generated copy left the new required column empty)
INSERT INTO "new_ModuleProgress" ("enrolmentId", "moduleId", "state", "organisationId", "courseId")
SELECT mp."enrolmentId", mp."moduleId", mp."state", e."organisationId", e."courseId"
FROM "ModuleProgress" mp JOIN "Enrolment" e ON e."id" = mp."enrolmentId";
DROP TABLE "ModuleProgress";
ALTER TABLE "new_ModuleProgress" RENAME TO "ModuleProgress";
CREATE INDEX "ModuleProgress_moduleId_state_idx" ON "ModuleProgress"("moduleId", "state");
CREATE INDEX "ModuleProgress_enrolmentId_state_moduleId_idx" ON "ModuleProgress"("enrolmentId", "state", "moduleId");
CREATE INDEX "ModuleProgress_organisationId_courseId_state_moduleId_idx" ON "ModuleProgress"("organisationId", "courseId", "state", "moduleId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

