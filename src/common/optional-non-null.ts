import { ValidateIf } from 'class-validator';

// Optional, but when present it must be a real value: null is refused (unlike @IsOptional),
// for fields whose column can't be empty, so `{"name": null}` is a 400, not a database error.
export const IsOptionalNonNull = () => ValidateIf((_object, value) => value !== undefined);
