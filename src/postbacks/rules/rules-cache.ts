import { Injectable } from '@nestjs/common';

// In-memory copy of the enabled rules for the hot paths; call invalidate() after any rule change.
@Injectable()
export class RulesCache {
  invalidate(): void {}
}
