import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { GeneratedScreeningRecord } from './generated-screening.schema';

@Injectable()
export class GeneratedScreeningRepository {
  private readonly inserts: GroupInsert<GeneratedScreeningRecord>;

  constructor(@InjectModel(GeneratedScreeningRecord.name) private readonly screenings: Model<GeneratedScreeningRecord>) {
    this.inserts = new GroupInsert(screenings);
  }

  /** Once per recommendation: compliance screens a generated draft once, a redelivery changes nothing. */
  async recordOnce(screening: GeneratedScreeningRecord): Promise<void> {
    await this.inserts.insert(screening);
  }

  async findMany(tenant: string, recommendationIds: string[]): Promise<Map<string, GeneratedScreeningRecord>> {
    if (recommendationIds.length === 0) return new Map();
    const found = await this.screenings
      .find({ tenant, recommendation_id: { $in: recommendationIds } }, { _id: 0, __v: 0 })
      .lean<GeneratedScreeningRecord[]>()
      .exec();
    return new Map(found.map((screening) => [screening.recommendation_id, screening]));
  }
}
