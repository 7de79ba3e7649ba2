-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "SecurityEventType" ADD VALUE 'two_factor_reset';
ALTER TYPE "SecurityEventType" ADD VALUE 'two_factor_reset_for_user';

-- AlterTable
ALTER TABLE "security_events" ADD COLUMN     "related_user_id" UUID;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_related_user_id_fkey" FOREIGN KEY ("related_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
