import { ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import { nulCharacterError, nulPath } from './nul-characters';
import { validationFailed } from './validation-errors';

// The global pipe: every DTO-typed body and query is checked for NUL characters (refused,
// naming the field), then validated. Arguments the ValidationPipe leaves alone (the tracking
// links' own pipe strips NULs; the S2S intake reads the raw request) are left alone here too.
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationFailed,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && this.toValidate(metadata)) {
      const field = nulPath(value);
      if (field !== null) throw nulCharacterError(field);
    }
    return super.transform(value, metadata);
  }
}
