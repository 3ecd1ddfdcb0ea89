import { Injectable, PipeTransform } from '@nestjs/common';
import { badRequest } from '../common/errors/domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Conversion ids are UUIDs; anything else would be a PostgreSQL error, i.e. a 500.
@Injectable()
export class ParseConversionIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value))
      throw badRequest('invalid_id', `"${String(value).slice(0, 40)}" is not a valid id`);
    return value.toLowerCase();
  }
}
