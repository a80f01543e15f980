// Derives Secrets Manager ClientRequestTokens from content, so a retried write never makes a second version.
import { createHmac } from 'node:crypto';

const DOMAIN = 'ecsgmsa.io/client-request-token/v1';

/**
 * A ClientRequestToken for writing `content`: 64 lowercase hex characters (Secrets Manager accepts
 * 32–64), the HMAC-SHA256 of the content keyed by `salt`. Pure and stable: the same content and salt
 * always give the same token, so a retry (SDK or work queue) of CreateSecret/PutSecretValue returns
 * the version already made instead of making another.
 *
 * The token is a one-way function of the content; it cannot be decoded. It is readable by anyone
 * allowed to describe the secret (it becomes the version id), so guessing a weak value remains
 * possible: the salt (include the secret's name or ARN) defeats precomputed tables, not a targeted guess.
 *
 * Salt choice: a token already used for a version of the secret is a no-op when reused with the same
 * value, so returning to an earlier value (A → B → A) needs a salt that changes too, e.g.
 * `${secretName}|${currentVersionId}`.
 */
export function requestTokenFor(content: string, salt: string): string {
  return createHmac('sha256', `${DOMAIN}\0${salt}`).update(content, 'utf8').digest('hex');
}
