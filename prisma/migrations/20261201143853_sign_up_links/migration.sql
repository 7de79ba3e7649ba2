-- CreateTable
CREATE TABLE "sign_up_links" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_up_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sign_up_links_token_hash_key" ON "sign_up_links"("token_hash");

-- CreateIndex
CREATE INDEX "sign_up_links_email_idx" ON "sign_up_links"("email");
