// ClientRequestTokens for Secrets Manager writes: random, so a version id reveals nothing about the value.
import { randomBytes } from 'node:crypto';

/**
 * A new ClientRequestToken: 32 random bytes as 64 lowercase hex characters (Secrets Manager accepts
 * 32–64). The token becomes the version id, which anyone allowed to describe the secret can read, so
 * it must not be derived from the value (a content hash would let them test password guesses offline).
 *
 * Use one token per logical write: the SDK's own retries of that call resend it, so a retry after a
 * lost answer returns the version already made. Whether to write at all is decided beforehand by
 * comparing the current value, never by reusing a token.
 */
export function newRequestToken(): string {
  return randomBytes(32).toString('hex');
}
