import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { ScreeningStage } from '@followup/contracts';
import { isDuplicateKeyError } from '@followup/persistence';
import { ScreeningRecord } from './screening.schema';

@Injectable()
export class ScreeningRepository {
  constructor(@InjectModel(ScreeningRecord.name) private readonly screenings: Model<ScreeningRecord>) {}

  async findOne(recommendationId: string, stage: ScreeningStage): Promise<ScreeningRecord | null> {
    return this.screenings.findOne({ recommendation_id: recommendationId, stage }, { _id: 0, __v: 0 }).lean<ScreeningRecord>().exec();
  }

  /** Stores the screening once per recommendation and stage; returns the stored one (the earlier one on a race). */
  async insertOnce(screening: ScreeningRecord): Promise<ScreeningRecord> {
    try {
      await this.screenings.create(screening);
      return screening;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.findOne(screening.recommendation_id, screening.stage))!;
    }
  }

  async markPublished(recommendationId: string, stage: ScreeningStage): Promise<void> {
    await this.screenings.updateOne({ recommendation_id: recommendationId, stage }, { $set: { published_at: new Date() } }).exec();
  }
}
