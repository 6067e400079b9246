/** Where to go after signing in when no (valid) destination was given. */
export const HOME_PATH = '/dashboard';

/**
 * Accepts only same-site absolute paths as a post-login destination, so `?next=` cannot send
 * the user to another site (`//evil.example`, `/\evil.example`, `https://…`).
 */
export function safeNextPath(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.startsWith('/\\')
  ) {
    return HOME_PATH;
  }
  if (value === '/login' || value.startsWith('/login?') || value.startsWith('/api/')) return HOME_PATH;
  return value;
}
