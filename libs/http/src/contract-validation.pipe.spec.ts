import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsString, ValidateIf, ValidateNested } from 'class-validator';
import { ErrorCode, FollowupError } from '@followup/contracts';
import { ContractValidationPipe } from './contract-validation.pipe';

class ItemDto {
  @IsDefined() @IsIn(['sms', 'email']) type: string;
}

class BodyDto {
  @IsDefined() @IsString() lead_id: string;
  @ValidateIf((_, value) => value !== undefined) @IsString() note?: string;
  @IsDefined() @ValidateNested({ each: true }) @Type(() => ItemDto) items: ItemDto[];
}

async function rejection(value: unknown): Promise<FollowupError> {
  try {
    await new ContractValidationPipe().transform(value, { type: 'body', metatype: BodyDto });
  } catch (error) {
    return error as FollowupError;
  }
  throw new Error('expected a validation failure');
}

describe('ContractValidationPipe', () => {
  it('reports one missing field exactly as the spec words it', async () => {
    const error = await rejection({ items: [] });
    expect(error.code).toBe(ErrorCode.InvalidRequest);
    expect(error.message).toBe('Required field lead_id is missing.');
    expect(error.details).toEqual({ missing_fields: ['lead_id'] });
  });

  it('names malformed nested fields by path', async () => {
    const error = await rejection({ lead_id: 'LD-1', items: [{ type: 'sms' }, { type: 'fax' }] });
    expect(error.details).toMatchObject({ invalid_fields: ['items[1].type'], violations: { 'items[1].type': ['isIn'] } });
  });

  it('separates missing from wrong-typed fields', async () => {
    const error = await rejection({ lead_id: 42 });
    expect(error.details).toMatchObject({ missing_fields: ['items'], invalid_fields: ['lead_id'] });
    expect(error.message).toBe('One or more required fields are missing or malformed.');
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [[], 'text', null, undefined]) {
      expect((await rejection(body)).details).toEqual({ reason: 'body_not_an_object' });
    }
  });

  it('strips unknown properties and keeps the valid ones', async () => {
    const value = await new ContractValidationPipe().transform(
      { lead_id: 'LD-1', items: [], extra: true },
      { type: 'body', metatype: BodyDto },
    );
    expect(value).toEqual(Object.assign(new BodyDto(), { lead_id: 'LD-1', items: [] }));
  });

  it('calls a null required field missing and a null optional field malformed', async () => {
    const error = await rejection({ lead_id: null, items: [], note: null });
    expect(error.details).toMatchObject({ missing_fields: ['lead_id'], invalid_fields: ['note'] });
  });
});

describe('a string holding U+0000', () => {
  it('is refused wherever it sits, value or key, with its path', async () => {
    const error = await rejection({ lead_id: 'LD\u00001', items: [{ type: 'sms' }, { type: 'e\u0000mail' }], ['no\u0000te']: 'x' });
    expect(error.code).toBe(ErrorCode.InvalidRequest);
    expect(error.details).toEqual({
      invalid_fields: ['lead_id', 'items[1].type', 'no\u0000te'],
      violations: { lead_id: ['noNulCharacter'], 'items[1].type': ['noNulCharacter'], 'no\u0000te': ['noNulCharacter'] },
    });
  });

  it('is refused in a named route parameter too', async () => {
    await expect(
      new ContractValidationPipe().transform('LD\u0000', { type: 'param', data: 'lead_id', metatype: String }),
    ).rejects.toMatchObject({
      details: { invalid_fields: ['lead_id'] },
    });
  });
});
