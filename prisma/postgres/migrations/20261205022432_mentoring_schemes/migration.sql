-- CreateTable
CREATE TABLE "MentoringScheme" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "mentorEntry" TEXT NOT NULL DEFAULT 'certificate',
    "courseId" TEXT,
    "matchingMode" TEXT NOT NULL DEFAULT 'mentee_chooses',
    "defaultMonths" INTEGER NOT NULL DEFAULT 12,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringScheme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorProfile" (
    "id" TEXT NOT NULL,
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
    "approvedAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "leftAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentorProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorRequest" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "matchedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),

    CONSTRAINT "MentorRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorConflict" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "relation" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "MentorConflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorProposal" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "mentorProfileId" TEXT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),

    CONSTRAINT "MentorProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringRelationship" (
    "id" TEXT NOT NULL,
    "schemeId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "mentorProfileId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "plannedEndAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "endedById" TEXT,

    CONSTRAINT "MentoringRelationship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringAgreement" (
    "id" TEXT NOT NULL,
    "relationshipId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "mentorConfirmedAt" TIMESTAMP(3),
    "menteeConfirmedAt" TIMESTAMP(3),

    CONSTRAINT "MentoringAgreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringMeeting" (
    "id" TEXT NOT NULL,
    "relationshipId" TEXT NOT NULL,
    "heldAt" TIMESTAMP(3) NOT NULL,
    "minutes" INTEGER NOT NULL,
    "mode" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringNote" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringGoal" (
    "id" TEXT NOT NULL,
    "relationshipId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "measure" TEXT NOT NULL DEFAULT '',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringGoal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringAction" (
    "id" TEXT NOT NULL,
    "relationshipId" TEXT NOT NULL,
    "meetingId" TEXT,
    "text" TEXT NOT NULL,
    "ownerId" TEXT,
    "dueAt" TIMESTAMP(3),
    "doneAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentoringAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringEvaluation" (
    "id" TEXT NOT NULL,
    "relationshipId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "helpful" INTEGER NOT NULL,
    "goalsMet" INTEGER NOT NULL,
    "recommend" BOOLEAN NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentoringEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentoringCpd" (
    "id" TEXT NOT NULL,
    "relationshipId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "reflection" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentoringCpd_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "MentoringScheme" ADD CONSTRAINT "MentoringScheme_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorProfile" ADD CONSTRAINT "MentorProfile_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "MentoringScheme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorProfile" ADD CONSTRAINT "MentorProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorRequest" ADD CONSTRAINT "MentorRequest_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "MentoringScheme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorRequest" ADD CONSTRAINT "MentorRequest_menteeId_fkey" FOREIGN KEY ("menteeId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorConflict" ADD CONSTRAINT "MentorConflict_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MentorRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorProposal" ADD CONSTRAINT "MentorProposal_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MentorRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentorProposal" ADD CONSTRAINT "MentorProposal_mentorProfileId_fkey" FOREIGN KEY ("mentorProfileId") REFERENCES "MentorProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringRelationship" ADD CONSTRAINT "MentoringRelationship_schemeId_fkey" FOREIGN KEY ("schemeId") REFERENCES "MentoringScheme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringRelationship" ADD CONSTRAINT "MentoringRelationship_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MentorRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringRelationship" ADD CONSTRAINT "MentoringRelationship_mentorProfileId_fkey" FOREIGN KEY ("mentorProfileId") REFERENCES "MentorProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringRelationship" ADD CONSTRAINT "MentoringRelationship_mentorId_fkey" FOREIGN KEY ("mentorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringRelationship" ADD CONSTRAINT "MentoringRelationship_menteeId_fkey" FOREIGN KEY ("menteeId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringAgreement" ADD CONSTRAINT "MentoringAgreement_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringMeeting" ADD CONSTRAINT "MentoringMeeting_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringNote" ADD CONSTRAINT "MentoringNote_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "MentoringMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringGoal" ADD CONSTRAINT "MentoringGoal_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringAction" ADD CONSTRAINT "MentoringAction_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringAction" ADD CONSTRAINT "MentoringAction_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "MentoringMeeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringEvaluation" ADD CONSTRAINT "MentoringEvaluation_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MentoringCpd" ADD CONSTRAINT "MentoringCpd_relationshipId_fkey" FOREIGN KEY ("relationshipId") REFERENCES "MentoringRelationship"("id") ON DELETE CASCADE ON UPDATE CASCADE;

