import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { checkJsonShape } from '@dxhub/contracts';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainErrorKind, DomainException } from './domain.exception';

/**
 * The envelope rules' JSON limits (libs/contracts checkJsonShape) for every REST body, before validation:
 * a body nested thousands of levels deep would overflow the stack of the validation pipe's transformer, and
 * a `__proto__` key would reach an object's prototype. Refused with 400 and the rule's code, like a Kafka
 * record with the same body is dead-lettered.
 */
@Injectable()
export class JsonShapeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<Request>().body as unknown;
    const problem = body === undefined ? null : checkJsonShape(body);
    if (problem) {
      throw new DomainException(
        DomainErrorKind.INVALID_INPUT,
        problem.code.toUpperCase().replaceAll('-', '_'),
        problem.message,
      );
    }
    return next.handle();
  }
}
