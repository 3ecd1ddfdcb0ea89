import { applyDecorators, Injectable, PipeTransform } from '@nestjs/common';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { badRequest } from './errors/domain-error';

// PostgreSQL `int` ids: anything larger would be a database error, i.e. a 500 for bad input.
export const MAX_ENTITY_ID = 2_147_483_647;

// The OpenAPI schema of an id (the swagger plugin can't read the constant).
export const ENTITY_ID_SCHEMA = { type: 'integer', minimum: 1, maximum: MAX_ENTITY_ID } as const;

export function IsEntityId() {
  return applyDecorators(
    ApiProperty(ENTITY_ID_SCHEMA),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_ENTITY_ID),
  );
}

// The global ValidationPipe may already have turned the parameter into a number (NaN for text).
@Injectable()
export class ParseIdPipe implements PipeTransform<string | number, number> {
  transform(value: string | number): number {
    const id = typeof value === 'number' ? value : /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(Number.isInteger(id) && id >= 1 && id <= MAX_ENTITY_ID)) {
      throw badRequest('invalid_id', `id must be a whole number from 1 to ${MAX_ENTITY_ID}`);
    }
    return id;
  }
}

// A `:id` path parameter read by ParseIdPipe.
export const ApiEntityIdParam = (name = 'id') => ApiParam({ name, ...ENTITY_ID_SCHEMA });
