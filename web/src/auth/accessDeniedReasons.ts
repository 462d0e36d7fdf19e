/**
 * Why someone is not let in. The first three come from the gateway's redirect after a failed sign-in
 * (`/access-denied?reason=`, gateway/src/auth/sign-in-failure.ts); `no-role` is the console's own, for
 * someone signed in who holds no role at all.
 */
export const ACCESS_DENIED_REASONS = ['denied', 'failed', 'error', 'no-role'] as const;
export type AccessDeniedReason = (typeof ACCESS_DENIED_REASONS)[number];

/** What the access-denied page says: a title, what happened, and what the person can do about it. */
export interface AccessDeniedText {
  title: string;
  happened: string;
  toDo: string;
}

const ADD_TO_ROLE_MAP =
  'Ask a Slipway admin to give one of your groups (GitHub teams are written org/team) a role in ' +
  'SLIPWAY_ROLE_MAP; the README section "Who may do what" shows how.';

const TEXTS: Readonly<Record<AccessDeniedReason, AccessDeniedText>> = {
  denied: {
    title: 'Access denied',
    happened:
      'Your identity provider told Slipway who you are, but none of your groups or teams has a role here, ' +
      'or your organisation is not one Slipway admits.',
    toDo: `${ADD_TO_ROLE_MAP} Then try again.`,
  },
  failed: {
    title: 'Sign-in failed',
    happened:
      "Slipway could not accept the identity provider's answer: it could not be verified, had expired or " +
      'was refused, or the sign-in was started in another browser.',
    toDo: 'Try again from this browser. If it keeps failing, an admin finds the exact reason in the audit log.',
  },
  error: {
    title: 'Sign-in failed on our side',
    happened: 'Slipway could not finish your sign-in because of a fault of its own, not of your account.',
    toDo: "Try again in a moment. If it keeps failing, tell an admin: the gateway's log has the details.",
  },
  'no-role': {
    title: 'No access yet',
    happened: 'You are signed in, but you hold no role in Slipway, so there is nothing it may show you.',
    toDo: `${ADD_TO_ROLE_MAP} Roles are read when you sign in: sign out, and sign in again once that is done.`,
  },
};

const UNKNOWN: AccessDeniedText = {
  title: 'Access denied',
  happened: 'Slipway could not sign you in.',
  toDo: 'Try again. If it keeps failing, an admin finds the reason in the audit log.',
};

/** The reason named by the page's query (`?reason=denied`); null when it names none this console knows. */
export function accessDeniedReason(search: string): AccessDeniedReason | null {
  const reason = new URLSearchParams(search).get('reason');
  return ACCESS_DENIED_REASONS.find((known) => known === reason) ?? null;
}

/** The words for a reason; an unknown one gets a general sentence, never text taken from the address. */
export function accessDeniedText(reason: AccessDeniedReason | null): AccessDeniedText {
  return reason === null ? UNKNOWN : TEXTS[reason];
}
