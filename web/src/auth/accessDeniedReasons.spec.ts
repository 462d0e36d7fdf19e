import { describe, expect, it } from '@jest/globals';
import { accessDeniedReason, accessDeniedText } from './accessDeniedReasons';

describe('the access-denied page', () => {
  it("reads each reason the gateway's redirect can name", () => {
    expect(accessDeniedReason('?reason=denied')).toBe('denied');
    expect(accessDeniedReason('?reason=failed')).toBe('failed');
    expect(accessDeniedReason('?reason=error')).toBe('error');
    expect(accessDeniedReason('?reason=no-role')).toBe('no-role');
  });

  it('knows no reason in a missing, unknown or forged value', () => {
    expect(accessDeniedReason('')).toBeNull();
    expect(accessDeniedReason('?reason=')).toBeNull();
    expect(accessDeniedReason('?reason=Your%20account%20was%20hacked%2C%20call%20555')).toBeNull();
    expect(accessDeniedReason('?reason=toString')).toBeNull();
  });

  it('tells someone refused by the role map to ask an admin for a role in SLIPWAY_ROLE_MAP', () => {
    const text = accessDeniedText('denied');
    expect(text.title).toBe('Access denied');
    expect(text.happened).toContain('none of your groups or teams has a role here');
    expect(text.toDo).toContain('SLIPWAY_ROLE_MAP');
    expect(text.toDo).toContain('Who may do what');
  });

  it('tells a failed sign-in apart from a fault of our own', () => {
    expect(accessDeniedText('failed').title).toBe('Sign-in failed');
    expect(accessDeniedText('failed').toDo).toMatch(/^Try again from this browser/);
    expect(accessDeniedText('error').title).toBe('Sign-in failed on our side');
    expect(accessDeniedText('error').happened).toContain('not of your account');
  });

  it('tells someone signed in without a role that roles are read at sign-in', () => {
    const text = accessDeniedText('no-role');
    expect(text.title).toBe('No access yet');
    expect(text.toDo).toContain('SLIPWAY_ROLE_MAP');
    expect(text.toDo).toContain('sign out, and sign in again');
  });

  it('says something general for a reason it does not know, never words taken from the address', () => {
    const text = accessDeniedText(accessDeniedReason('?reason=Call%20555-0100%20to%20unlock'));
    expect(text.title).toBe('Access denied');
    expect(text.happened).toBe('Slipway could not sign you in.');
    expect(Object.values(text).join(' ')).not.toContain('555');
  });
});
