import { ValidationError } from 'class-validator';

/** `payload.lead.first_name: isNotEmpty`: where and which rule, never the offending value. */
export function describeValidationErrors(errors: ValidationError[], parentPath = ''): string[] {
  return errors.flatMap((error) => {
    const path = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((constraint) => `${path}: ${constraint}`);
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}
