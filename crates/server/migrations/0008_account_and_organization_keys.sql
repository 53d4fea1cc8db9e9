-- Key material as Bitwarden clients make it (issue 14). All values are
-- EncStrings or base64 the server stores and returns without reading:
-- the user key under the stretched master key (type 2), the account's RSA
-- public key (SPKI, base64) and its private key under the user key (type 2).
-- Accounts made before this migration have none (clients cannot unlock them).
ALTER TABLE users ADD COLUMN encrypted_user_key TEXT;
ALTER TABLE users ADD COLUMN public_key TEXT;
ALTER TABLE users ADD COLUMN encrypted_private_key TEXT;
-- The id a client gives its user key (32 lowercase hex), reported once after
-- login (POST /api/accounts/key-management/user-key-id) and returned as the
-- unlock data's ContainedKeyId.
ALTER TABLE users ADD COLUMN user_key_id TEXT;

-- Each member's copy of the organization key, under the member's public key
-- (type 4). Null when the member had no key pair when added.
ALTER TABLE organization_users ADD COLUMN encrypted_org_key TEXT;

-- Organizations the server itself created (admin CLI, a redeemed Families
-- offer, a license on a self-hosted server) keep their key wrapped under the
-- server's escrow key (type 2), so later members can be given it; see
-- organizations::keys. Null for organizations whose key only clients hold.
ALTER TABLE organizations ADD COLUMN escrowed_org_key TEXT;
