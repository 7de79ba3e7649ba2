-- Invitations move out of "users": a user is created only when the invitee
-- chooses a password, so every user has one and an address invited by an owner
-- is no longer taken system-wide (Add user told an owner about other accounts' users).

-- CreateTable
CREATE TABLE "invitations" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "invitations_account_id_email_key" ON "invitations"("account_id", "email");

-- AddForeignKey
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every user still without a password becomes an invitation of their account.
-- Their newest unused link keeps working; without one, the invitation is
-- already expired (the owner sees it so and can send it again). The token
-- hash of such a placeholder is no hash of any token, so it opens nothing.
INSERT INTO "invitations" ("id", "account_id", "email", "name", "token_hash", "expires_at", "sent_at")
SELECT u."id", u."account_id", u."email", u."name",
       COALESCE(l."token_hash", 'none:' || u."id"::text),
       COALESCE(l."expires_at", CURRENT_TIMESTAMP),
       COALESCE(l."created_at", u."created_at")
FROM "users" u
LEFT JOIN LATERAL (
    SELECT "token_hash", "expires_at", "created_at" FROM "password_setup_links"
    WHERE "user_id" = u."id" AND "used_at" IS NULL
    ORDER BY "created_at" DESC LIMIT 1
) l ON TRUE
WHERE u."password_hash" IS NULL;

DELETE FROM "users" WHERE "password_hash" IS NULL;

-- DropForeignKey
ALTER TABLE "password_setup_links" DROP CONSTRAINT "password_setup_links_user_id_fkey";

-- DropTable
DROP TABLE "password_setup_links";

-- AlterTable
ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL;
