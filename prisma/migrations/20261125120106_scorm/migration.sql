-- CreateTable
CREATE TABLE "ScormPackage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScormPackage_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScormPackageVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "packageId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "scormVersion" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "manifest" TEXT NOT NULL,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "fileCount" INTEGER NOT NULL,
    "totalBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "storagePath" TEXT NOT NULL,
    "uploadedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScormPackageVersion_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "ScormPackage" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScormAttachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "moduleId" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "packageId" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "minScore" REAL,
    "required" BOOLEAN NOT NULL DEFAULT true,
    "estimatedMinutes" INTEGER NOT NULL DEFAULT 30,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScormAttachment_packageId_fkey" FOREIGN KEY ("packageId") REFERENCES "ScormPackage" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScormAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "enrolmentId" TEXT,
    "activityId" TEXT,
    "cmi" TEXT NOT NULL DEFAULT '{}',
    "completionStatus" TEXT NOT NULL DEFAULT 'not attempted',
    "successStatus" TEXT NOT NULL DEFAULT 'unknown',
    "scoreRaw" REAL,
    "scoreMin" REAL,
    "scoreMax" REAL,
    "scoreScaled" REAL,
    "totalSeconds" REAL NOT NULL DEFAULT 0,
    "totalTime" TEXT NOT NULL,
    "location" TEXT,
    "suspendData" TEXT,
    "exit" TEXT,
    "currentLaunchId" TEXT,
    "lastCommitAt" DATETIME,
    "satisfiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScormAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScormAttempt_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ScormPackageVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ScormAttempt_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScormLaunch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "baseSeconds" REAL NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScormLaunch_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ScormAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScormPackage_organisationId_createdAt_idx" ON "ScormPackage"("organisationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScormPackageVersion_packageId_number_key" ON "ScormPackageVersion"("packageId", "number");

-- CreateIndex
CREATE INDEX "ScormAttachment_packageId_idx" ON "ScormAttachment"("packageId");

-- CreateIndex
CREATE UNIQUE INDEX "ScormAttachment_courseId_activityId_key" ON "ScormAttachment"("courseId", "activityId");

-- CreateIndex
CREATE INDEX "ScormAttempt_enrolmentId_activityId_idx" ON "ScormAttempt"("enrolmentId", "activityId");

-- CreateIndex
CREATE INDEX "ScormAttempt_versionId_lastCommitAt_idx" ON "ScormAttempt"("versionId", "lastCommitAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScormAttempt_userId_versionId_itemId_number_key" ON "ScormAttempt"("userId", "versionId", "itemId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "ScormLaunch_tokenHash_key" ON "ScormLaunch"("tokenHash");

-- CreateIndex
CREATE INDEX "ScormLaunch_attemptId_idx" ON "ScormLaunch"("attemptId");

-- CreateIndex
CREATE INDEX "ScormLaunch_expiresAt_idx" ON "ScormLaunch"("expiresAt");

