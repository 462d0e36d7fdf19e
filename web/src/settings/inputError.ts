import { messageOf } from '../errors/messageOf';
import { GraphQLRequestError } from '../graphql/GraphQLRequestError';

/** A refused mutation: its message, and the top-level input field it belongs to when the gateway named one. */
export interface InputError {
  message: string;
  /** `emailRecipients` for the gateway's `emailRecipients.2`: the form shows it at that field. */
  field: string | null;
}

export function inputErrorOf(cause: unknown): InputError {
  const field = cause instanceof GraphQLRequestError ? cause.field : null;
  return { message: messageOf(cause), field: field?.split('.')[0] ?? null };
}

/** The message to show at `field`, if the error belongs there. */
export function errorAt(error: InputError | null, field: string): string | undefined {
  return error?.field === field ? error.message : undefined;
}

/** The message to show above the form, when no field of it can hold the error. */
export function formLevelError(error: InputError | null, fields: readonly string[]): string | null {
  return error && !(error.field && fields.includes(error.field)) ? error.message : null;
}
