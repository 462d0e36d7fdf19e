import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../common/errors';

/** Each stable code as HTTP says it; a new code does not compile until it has its status here. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
};

/**
 * The errors the services throw for GraphQL, answered over plain HTTP: the status of their code, and
 * a JSON body with the same code, message and field a GraphQL client would read.
 */
@Catch(GraphQLError)
export class ApiErrorFilter implements ExceptionFilter<GraphQLError> {
  catch(error: GraphQLError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { code, field } = error.extensions;
    const status = Object.entries(HTTP_STATUS).find(([name]) => name === code)?.[1] ?? 500;
    if (status === 401) response.setHeader('www-authenticate', 'Bearer');
    response.status(status).json({
      code,
      message: error.message,
      ...(typeof field === 'string' && field !== '' ? { field } : {}),
    });
  }
}
