-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "SecurityEventType" ADD VALUE 'identity_connected';
ALTER TYPE "SecurityEventType" ADD VALUE 'identity_removed';

-- AlterTable
ALTER TABLE "security_events" ADD COLUMN     "provider" TEXT;

-- CreateTable
CREATE TABLE "connected_identities" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connected_identities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "connected_identities_user_id_idx" ON "connected_identities"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "connected_identities_issuer_subject_key" ON "connected_identities"("issuer", "subject");

-- AddForeignKey
ALTER TABLE "connected_identities" ADD CONSTRAINT "connected_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
