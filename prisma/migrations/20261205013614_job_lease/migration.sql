-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT,
    "expiresAt" DATETIME,
    "lastRunAt" DATETIME,
    "lastResult" TEXT,
    "updatedAt" DATETIME NOT NULL
);

