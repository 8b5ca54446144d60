import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode, FollowupError } from '@followup/contracts';

interface FieldProblem {
  field: string;
  missing: boolean;
  rules: string[];
}

/** Absent, or null where a value is required; a null for an optional field is malformed, not missing. */
function isMissing(error: ValidationError): boolean {
  return error.value === undefined || (error.value === null && 'isDefined' in (error.constraints ?? {}));
}

function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const isIndex = /^\d+$/.test(error.property);
    const field = parent === '' ? error.property : isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own: FieldProblem[] = error.constraints ? [{ field, missing: isMissing(error), rules: Object.keys(error.constraints) }] : [];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The spec's 400: "Required field lead_id is missing." with `missing_fields`, plus `invalid_fields` for the rest. */
export function invalidRequestFrom(errors: ValidationError[]): FollowupError {
  return invalidRequest(fieldProblems(errors));
}

function invalidRequest(problems: FieldProblem[]): FollowupError {
  const missing = problems.filter((problem) => problem.missing).map((problem) => problem.field);
  const invalid = problems.filter((problem) => !problem.missing);
  const details: Record<string, unknown> = {};
  if (missing.length > 0) details.missing_fields = missing;
  if (invalid.length > 0) {
    details.invalid_fields = invalid.map((problem) => problem.field);
    details.violations = Object.fromEntries(invalid.map((problem) => [problem.field, problem.rules]));
  }
  const message =
    missing.length === 1 && invalid.length === 0
      ? `Required field ${missing[0]} is missing.`
      : missing.length > 1 && invalid.length === 0
        ? `Required fields ${missing.join(', ')} are missing.`
        : invalid.length > 0 && missing.length === 0
          ? `Field${invalid.length > 1 ? 's' : ''} ${invalid.map((problem) => problem.field).join(', ')} ${invalid.length > 1 ? 'are' : 'is'} malformed.`
          : 'One or more required fields are missing or malformed.';
  return new FollowupError(ErrorCode.InvalidRequest, message, details);
}

/**
 * Paths of every string (value or key) holding U+0000. No field has a use for it, and a PostgreSQL-backed
 * FerretDB cannot store it, so it is refused at the edge as malformed rather than failing at the database.
 */
export function fieldsWithNulCharacter(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => fieldsWithNulCharacter(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const field = path === '' ? key : `${path}.${key}`;
    return key.includes('\u0000') ? [field] : fieldsWithNulCharacter(item, field);
  });
}

/**
 * class-validator on every DTO, unknown properties stripped, and failures in the spec's error body.
 * A body that is not a JSON object at all (an array, a string, nothing), or a string holding U+0000, is
 * refused before validation.
 */
@Injectable()
export class ContractValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: true },
      exceptionFactory: invalidRequestFrom,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new FollowupError(ErrorCode.InvalidRequest, 'Request body must be a JSON object sent as application/json.', {
        reason: 'body_not_an_object',
      });
    }
    const withNul = fieldsWithNulCharacter(value, metadata.data ?? '');
    if (withNul.length > 0) {
      throw invalidRequest(withNul.map((field) => ({ field, missing: false, rules: ['noNulCharacter'] })));
    }
    return super.transform(value, metadata);
  }
}
