-- CreateTable
CREATE TABLE "MentoringScheme" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "mentorEntry" TEXT NOT NULL DEFAULT 'certificate',
    "courseId" TEXT,
    "matchingMode" TEXT NOT NULL DEFAULT 'mentee_chooses',
    "defaultMonths" INTEGER NOT NULL DEFAULT 12,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MentoringScheme_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentorProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schemeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "specialty" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "nation" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT '',
    "department" TEXT NOT NULL DEFAULT '',
    "areas" TEXT NOT NULL,
    "modes" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL DEFAULT 2,
    "taken" INTEGER NOT NULL DEFAULT 0,
    "note" TEXT NOT NULL DEFAULT '',
    "certificateId" TEXT,
    "approvedById" TEXT,
    "approvedAt" DATETIME,
    "pausedAt" DATETIME,
    "leftAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MentorProfile_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "MentoringScheme" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentorProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentorRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schemeId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "areas" TEXT NOT NULL,
    "hopes" TEXT NOT NULL,
    "specialty" TEXT NOT NULL,
    "grade" TEXT NOT NULL DEFAULT '',
    "nation" TEXT NOT NULL,
    "department" TEXT NOT NULL DEFAULT '',
    "specialtyPreference" TEXT NOT NULL DEFAULT 'any',
    "nationPreference" TEXT NOT NULL DEFAULT 'any',
    "modes" TEXT NOT NULL,
    "avoidOwnDepartment" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'waiting',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "matchedAt" DATETIME,
    "withdrawnAt" DATETIME,
    CONSTRAINT "MentorRequest_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "MentoringScheme" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentorRequest_menteeId_fkey" FOREIGN KEY ("menteeId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentorConflict" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "MentorConflict_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MentorRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentorProposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "mentorProfileId" TEXT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" DATETIME,
    CONSTRAINT "MentorProposal_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MentorRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentorProposal_mentorProfileId_fkey" FOREIGN KEY ("mentorProfileId") REFERENCES "MentorProfile" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringRelationship" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "schemeId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "mentorProfileId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "plannedEndAt" DATETIME,
    "endedAt" DATETIME,
    "endedById" TEXT,
    CONSTRAINT "MentoringRelationship_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "MentoringScheme" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentoringRelationship_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MentorRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentoringRelationship_mentorProfileId_fkey" FOREIGN KEY ("mentorProfileId") REFERENCES "MentorProfile" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentoringRelationship_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentoringRelationship_menteeId_fkey" FOREIGN KEY ("menteeId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringAgreement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "relationshipId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mentorConfirmedAt" DATETIME,
    "menteeConfirmedAt" DATETIME,
    CONSTRAINT "MentoringAgreement_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringMeeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "relationshipId" TEXT NOT NULL,
    "heldAt" DATETIME NOT NULL,
    "minutes" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MentoringMeeting_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "meetingId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MentoringNote_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "MentoringMeeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringGoal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "relationshipId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "measure" TEXT NOT NULL DEFAULT '',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MentoringGoal_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "relationshipId" TEXT NOT NULL,
    "meetingId" TEXT,
    "text" TEXT NOT NULL,
    "ownerId" TEXT,
    "dueAt" DATETIME,
    "doneAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MentoringAction_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MentoringAction_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "MentoringMeeting" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringEvaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "relationshipId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "helpful" INTEGER NOT NULL,
    "goalsMet" INTEGER NOT NULL,
    "recommend" BOOLEAN NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MentoringEvaluation_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MentoringCpd" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "relationshipId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "hours" REAL NOT NULL,
    "reflection" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MentoringCpd_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MentoringScheme_organisationId_key" ON "MentoringScheme"("organisationId");

-- CreateIndex
CREATE INDEX "MentorProfile_schemeId_leftAt_idx" ON "MentorProfile"("schemeId", "leftAt");

-- CreateIndex
CREATE UNIQUE INDEX "MentorProfile_schemeId_userId_key" ON "MentorProfile"("schemeId", "userId");

-- CreateIndex
CREATE INDEX "MentorRequest_schemeId_status_createdAt_idx" ON "MentorRequest"("schemeId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "MentorRequest_menteeId_idx" ON "MentorRequest"("menteeId");

-- CreateIndex
CREATE INDEX "MentorConflict_requestId_idx" ON "MentorConflict"("requestId");

-- CreateIndex
CREATE INDEX "MentorProposal_requestId_status_idx" ON "MentorProposal"("requestId", "status");

-- CreateIndex
CREATE INDEX "MentorProposal_mentorProfileId_status_idx" ON "MentorProposal"("mentorProfileId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringRelationship_requestId_key" ON "MentoringRelationship"("requestId");

-- CreateIndex
CREATE INDEX "MentoringRelationship_schemeId_endedAt_idx" ON "MentoringRelationship"("schemeId", "endedAt");

-- CreateIndex
CREATE INDEX "MentoringRelationship_mentorId_idx" ON "MentoringRelationship"("mentorId");

-- CreateIndex
CREATE INDEX "MentoringRelationship_menteeId_idx" ON "MentoringRelationship"("menteeId");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringAgreement_relationshipId_version_key" ON "MentoringAgreement"("relationshipId", "version");

-- CreateIndex
CREATE INDEX "MentoringMeeting_relationshipId_heldAt_idx" ON "MentoringMeeting"("relationshipId", "heldAt");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringNote_meetingId_authorId_key" ON "MentoringNote"("meetingId", "authorId");

-- CreateIndex
CREATE INDEX "MentoringAction_relationshipId_idx" ON "MentoringAction"("relationshipId");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringEvaluation_relationshipId_authorId_key" ON "MentoringEvaluation"("relationshipId", "authorId");

-- CreateIndex
CREATE UNIQUE INDEX "MentoringCpd_relationshipId_userId_key" ON "MentoringCpd"("relationshipId", "userId");

