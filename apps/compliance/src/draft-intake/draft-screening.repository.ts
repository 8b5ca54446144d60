import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DraftScreeningRecord } from './draft-screening.schema';

@Injectable()
export class DraftScreeningRepository {
  constructor(@InjectModel(DraftScreeningRecord.name) private readonly screenings: Model<DraftScreeningRecord>) {}

  /** Idempotent: a redelivered draft leaves the existing screening as it is. */
  async receive(screening: DraftScreeningRecord): Promise<void> {
    await this.screenings
      .updateOne({ recommendation_id: screening.recommendation_id }, { $setOnInsert: screening }, { upsert: true })
      .exec();
  }
}
