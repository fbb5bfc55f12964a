-- CreateTable
CREATE TABLE "CourseReflection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enrolmentId" TEXT NOT NULL,
    "whatHappened" TEXT NOT NULL,
    "whatLearned" TEXT NOT NULL,
    "changePractice" TEXT NOT NULL,
    "furtherNeeds" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CourseReflection_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CourseReflection_enrolmentId_key" ON "CourseReflection"("enrolmentId");

