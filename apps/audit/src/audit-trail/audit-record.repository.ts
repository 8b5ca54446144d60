import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { AuditRecord } from './audit-record.schema';

@Injectable()
export class AuditRecordRepository {
  constructor(@InjectModel(AuditRecord.name) private readonly records: Model<AuditRecord>) {}

  /** Append-only and idempotent: an event recorded before is not recorded again. Returns whether it was new. */
  async append(record: AuditRecord): Promise<boolean> {
    try {
      await this.records.create(record);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async findByRecommendation(recommendationId: string): Promise<AuditRecord[]> {
    return this.records
      .find({ recommendation_id: recommendationId }, { _id: 0, __v: 0 })
      .sort({ occurred_at: 1 })
      .lean<AuditRecord[]>()
      .exec();
  }
}
